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
 * Live push: one shared poller reads, every poll interval, a cheap summary per street of the tables the
 * pages show (no FINAL: the sorting key's prefix and a column), and when a street's summary changes it
 * sends every connected SSE client whose scope covers that street an event naming the streets:
 * {@code kpi-changed} for {@code kpi_values}, {@code alerts-changed} for {@code alerts} and
 * {@code alert_acks}. A street officer only hears of their own street. The page then re-fetches what
 * the event concerns (the API scopes it as always).
 */
public final class LiveEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);

    /** A table watched for changes: the query answers (street, a summary that changes with the data). */
    record Watch(String event, String sql) {}

    static final List<Watch> WATCHES = List.of(
            new Watch(
                    "kpi-changed",
                    "SELECT street, toString(max(updated_at)) || '/' || toString(count()) FROM kpi_values GROUP BY street"),
            new Watch("alerts-changed", """
                    SELECT street, toString(max(at_ms)) || '/' || toString(count()) || '/' || toString(max(acked_ms)) FROM
                    (SELECT street, toUnixTimestamp64Milli(at) AS at_ms, toInt64(0) AS acked_ms FROM alerts
                     UNION ALL SELECT s.street, toInt64(0), toUnixTimestamp64Milli(k.acked_at) FROM alert_acks AS k
                     INNER JOIN (SELECT alert_id, any(street) AS street FROM alerts GROUP BY alert_id) AS s USING alert_id)
                    GROUP BY street"""));

    private final DataSource dataSource;
    private final Map<SseClient, Optional<String>> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;
    private final Map<String, Map<String, String>> last = new ConcurrentHashMap<>();
    private final Runnable pollFailed;

    /** @param pollFailed told of every poll ClickHouse failed (it goes on polling), for the metrics */
    public LiveEvents(DataSource dataSource, Duration interval, Runnable pollFailed) {
        this.dataSource = dataSource;
        this.pollFailed = pollFailed;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-events-poller");
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
        for (Watch w : WATCHES) {
            Map<String, String> now = new HashMap<>();
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                s.setQueryTimeout(5);
                try (ResultSet rs = s.executeQuery(w.sql())) {
                    while (rs.next()) now.put(rs.getString(1), rs.getString(2));
                }
            } catch (Exception e) {
                pollFailed.run();
                LOG.debug("{} poll failed: {}", w.event(), e.toString());
                continue;
            }
            Map<String, String> before = last.put(w.event(), now);
            if (before == null) continue;
            TreeSet<String> changed = new TreeSet<>();
            for (String street : now.keySet())
                if (!Objects.equals(now.get(street), before.get(street))) changed.add(street);
            for (String street : before.keySet()) if (!now.containsKey(street)) changed.add(street);
            if (!changed.isEmpty()) broadcast(w.event(), changed);
        }
    }

    private void broadcast(String name, TreeSet<String> changed) {
        clients.forEach((client, scope) -> {
            List<String> visible = scope.map(s -> changed.contains(s) ? List.of(s) : List.<String>of())
                    .orElse(List.copyOf(changed));
            if (visible.isEmpty()) return;
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", name);
            event.put("streets", visible);
            try {
                if (client.terminated()) {
                    clients.remove(client);
                } else {
                    client.sendEvent(name, event);
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
