package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.dashboards.api.BadRequest;
import cn.binjiang.union.dashboards.api.RequestRefused;
import cn.binjiang.union.schema.ids.PersonalDataMasker;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's query history (per user, newest first) and its saved queries (a name, the SQL, the author; a shared
 * one visible to every console user), in one JSON file ({@code sql.queries-file}) rewritten whole on every change,
 * so that both outlive a restart of the server. Not in ClickHouse: every analyst may read the platform's database
 * from the console, so a table there would show each user's queries (and whatever they searched for) to all of
 * them. Holding a query is not permission to run it: whoever runs a saved query runs it through the guard as
 * themselves. Like the logs, the file never holds a resident ID number in clear (SECURITY.md): the history keeps a
 * query masked ({@link PersonalDataMasker}), and a query to save that may hold one is refused rather than changed
 * behind its author's back.
 */
public final class QueryBook {
    static final int HISTORY_PER_USER = 50;
    static final int MAX_NAME_LENGTH = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A query a user ran, and when (ISO-8601 instant). */
    public record Ran(String sql, String at) {}

    /** A saved query; {@code shared}: every console user sees it. */
    public record Saved(long id, String name, String sql, String author, boolean shared, String at) {}

    /** The file's content. */
    record Contents(Map<String, List<Ran>> history, List<Saved> saved, long lastId) {}

    private final Optional<Path> file;
    private final Clock clock;
    private final Map<String, List<Ran>> history;
    private final List<Saved> saved;
    private long lastId;

    /** The book kept in {@code file} (read when it exists), or in memory only without one. */
    public QueryBook(Optional<Path> file, Clock clock) {
        this.file = file;
        this.clock = clock;
        Contents contents =
                file.filter(Files::exists).map(QueryBook::read).orElse(new Contents(Map.of(), List.of(), 0));
        this.history = new HashMap<>();
        contents.history().forEach((user, ran) -> history.put(user, new ArrayList<>(ran)));
        this.saved = new ArrayList<>(contents.saved());
        this.lastId = contents.lastId();
    }

    private static Contents read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Contents.class);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the console's queries from " + file + " failed", e);
        }
    }

    /**
     * Puts {@code query}, masked, first in {@code user}'s history (once: an earlier run of the same text moves up).
     */
    public synchronized void ran(String user, String query) {
        if (query == null || query.isBlank() || query.length() > ConsoleGuard.MAX_LENGTH) return;
        String sql = PersonalDataMasker.mask(query);
        List<Ran> mine = history.computeIfAbsent(user, u -> new ArrayList<>());
        mine.removeIf(r -> r.sql().equals(sql));
        mine.addFirst(new Ran(sql, clock.instant().toString()));
        while (mine.size() > HISTORY_PER_USER) mine.removeLast();
        write();
    }

    /** {@code user}'s history, newest first. */
    public synchronized List<Ran> history(String user) {
        return List.copyOf(history.getOrDefault(user, List.of()));
    }

    /** Saves a query of {@code author}'s; 400 on an empty or too long name or SQL. */
    public synchronized Saved save(String author, String name, String sql, boolean shared) {
        if (name == null || name.isBlank()) throw new BadRequest("a saved query needs a name");
        if (name.length() > MAX_NAME_LENGTH)
            throw new BadRequest("name longer than " + MAX_NAME_LENGTH + " characters");
        if (sql == null || sql.isBlank()) throw new BadRequest("a saved query needs its SQL");
        if (sql.length() > ConsoleGuard.MAX_LENGTH)
            throw new BadRequest("query longer than " + ConsoleGuard.MAX_LENGTH + " characters");
        if (PersonalDataMasker.mayHoldResidentId(name) || PersonalDataMasker.mayHoldResidentId(sql))
            throw new BadRequest("a saved query may not hold a resident ID number (a run of 15 or more digits)");
        Saved query = new Saved(
                ++lastId, name.strip(), sql, author, shared, clock.instant().toString());
        saved.add(query);
        write();
        return query;
    }

    /** The saved queries {@code user} sees, newest first: their own and everyone's shared ones. */
    public synchronized List<Saved> visibleTo(String user) {
        return saved.stream()
                .filter(q -> q.shared() || q.author().equals(user))
                .sorted((a, b) -> Long.compare(b.id(), a.id()))
                .toList();
    }

    /** The saved query {@code id} if {@code user} sees it; else 404, alike for another's private query and none. */
    public synchronized Saved get(String user, long id) {
        return visibleTo(user).stream()
                .filter(q -> q.id() == id)
                .findFirst()
                .orElseThrow(() -> new RequestRefused(404, "no saved query " + id));
    }

    private void write() {
        if (file.isEmpty()) return;
        Path target = file.get();
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, target.getFileName().toString(), ".tmp");
            JSON.writeValue(tmp.toFile(), new Contents(history, saved, lastId));
            // a crash mid-write leaves the old file whole
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the console's queries to " + target + " failed", e);
        }
    }
}
