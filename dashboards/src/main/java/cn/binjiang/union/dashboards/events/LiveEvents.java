package cn.binjiang.union.dashboards.events;

import io.javalin.http.sse.SseClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live push: one shared poller reads {@code SELECT street, max(updated_at), count() FROM kpi_values
 * GROUP BY street} every poll interval (cheap: no FINAL, only the sorting key's prefix and a column),
 * and when the pair of a street changes it sends every connected SSE client whose scope covers that
 * street the event {@code kpi-changed} with {@code {"type":"kpi-changed","streets":[...]}}; a street
 * officer only hears of their own street and only sees that street in the list. The page then
 * re-fetches its panels (the API scopes them as always).
 */
public final class KpiEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KpiEvents.class);
    static final String POLL = "SELECT street, toString(max(updated_at)), count() FROM kpi_values GROUP BY street";

    private final DataSource dataSource;
    private final Map<SseClient, Optional<String>> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;
    private volatile Map<String, String> last;

    public KpiEvents(DataSource dataSource, Duration interval) {
        this.dataSource = dataSource;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kpi-events-poller");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, Math.max(50, interval.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Keeps the stream open for a session with this scope (empty = the district). */
    public void connect(SseClient client, Optional<String> street) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.put(client, street);
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("type", "hello");
        hello.put("street", street.orElse(null));
        client.sendEvent("hello", hello);
    }

    public int clientCount() {
        return clients.size();
    }

    void poll() {
        Map<String, String> now = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet rs = s.executeQuery(POLL)) {
                while (rs.next()) now.put(rs.getString(1), rs.getString(2) + "/" + rs.getLong(3));
            }
        } catch (Exception e) {
            LOG.debug("kpi_values poll failed: {}", e.toString());
            return;
        }
        Map<String, String> before = last;
        last = now;
        if (before == null) return;
        TreeSet<String> changed = new TreeSet<>();
        for (String street : now.keySet()) if (!Objects.equals(now.get(street), before.get(street))) changed.add(street);
        for (String street : before.keySet()) if (!now.containsKey(street)) changed.add(street);
        if (changed.isEmpty()) return;
        broadcast(changed);
    }

    private void broadcast(TreeSet<String> changed) {
        clients.forEach((client, scope) -> {
            List<String> visible = scope.map(s -> changed.contains(s) ? List.of(s) : List.<String>of())
                    .orElse(List.copyOf(changed));
            if (visible.isEmpty()) return;
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "kpi-changed");
            event.put("streets", visible);
            try {
                if (client.terminated()) {
                    clients.remove(client);
                } else {
                    client.sendEvent("kpi-changed", event);
                }
            } catch (RuntimeException e) {
                clients.remove(client);
            }
        });
    }

    @Override
    public void close() {
        poller.shutdownNow();
        clients.keySet().forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        });
        clients.clear();
    }
}
