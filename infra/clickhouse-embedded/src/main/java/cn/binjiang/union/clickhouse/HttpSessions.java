package cn.binjiang.union.clickhouse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * ClickHouse's HTTP sessions ({@code session_id}): each is a chDB session of its own, so {@code SET},
 * {@code USE} and temporary tables stay private to it. A session belongs to the user who opened it, serves one
 * request at a time (SESSION_IS_LOCKED otherwise) and ends {@code session_timeout} seconds after its last
 * request (default 60, at most 3600, as ClickHouse's default_session_timeout/max_session_timeout).
 */
final class HttpSessions implements AutoCloseable {
    static final int DEFAULT_TIMEOUT_SECONDS = 60;
    static final int MAX_TIMEOUT_SECONDS = 3600;

    /** A session while one request uses it. */
    final class Session implements AutoCloseable {
        private final String id;
        private final String user;
        private final ChdbConnection connection;
        private long timeoutNanos;
        private long expiresAt;
        private boolean inUse;
        /** The request thread using it, while {@link #inUse}. */
        private Thread holder;

        private Session(String id, String user, ChdbConnection connection) {
            this.id = id;
            this.user = user;
            this.connection = connection;
        }

        ChdbConnection connection() {
            return connection;
        }

        /**
         * Ends the request's use: the session expires its timeout after now. Called once the query is done,
         * before the client has the whole answer (its next request must find the session free), and again
         * when the request ends; only the first call of the thread that holds it counts, so the second
         * cannot free the session for a request that took it in between.
         */
        @Override
        public void close() {
            synchronized (HttpSessions.this) {
                if (!inUse || holder != Thread.currentThread()) return;
                inUse = false;
                holder = null;
                expiresAt = System.nanoTime() + timeoutNanos;
            }
        }
    }

    private final Map<String, Session> sessions = new HashMap<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("session-reaper").factory());

    HttpSessions() {
        reaper.scheduleWithFixedDelay(this::closeExpired, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * The session {@code id} for one request by {@code user}, opened with {@code open} unless it exists;
     * with {@code check} an unknown or expired session is refused instead (SESSION_NOT_FOUND).
     */
    Session use(String id, String user, boolean check, String timeoutParam, Supplier<ChdbConnection> open) {
        long timeoutNanos = TimeUnit.SECONDS.toNanos(timeout(timeoutParam));
        Session session;
        synchronized (this) {
            session = sessions.get(id);
            if (session != null && !session.inUse && session.expiresAt - System.nanoTime() < 0) {
                expire(session);
                session = null;
            }
            if (session == null && check) {
                throw new ClickHouseException(
                        ClickHouseException.SESSION_NOT_FOUND, "Session " + id + " not found. (SESSION_NOT_FOUND)");
            }
            if (session != null && !session.user.equals(user)) {
                throw new ClickHouseException(
                        ClickHouseException.SESSION_NOT_FOUND,
                        "Session " + id + " not found: it belongs to another user. (SESSION_NOT_FOUND)");
            }
            if (session != null && session.inUse) {
                throw new ClickHouseException(
                        ClickHouseException.SESSION_IS_LOCKED,
                        "Session " + id + " is locked by a concurrent client. (SESSION_IS_LOCKED)");
            }
            if (session != null) {
                session.inUse = true;
                session.holder = Thread.currentThread();
                session.timeoutNanos = timeoutNanos;
                return session;
            }
        }
        // Opened outside the lock: a new chDB session takes a few milliseconds.
        session = new Session(id, user, open.get());
        session.inUse = true;
        session.holder = Thread.currentThread();
        session.timeoutNanos = timeoutNanos;
        synchronized (this) {
            if (sessions.putIfAbsent(id, session) == null) {
                return session;
            }
        }
        session.connection.close();
        throw new ClickHouseException(
                ClickHouseException.SESSION_IS_LOCKED,
                "Session " + id + " is locked by a concurrent client. (SESSION_IS_LOCKED)");
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        synchronized (this) {
            sessions.values().stream().filter(s -> !s.inUse).toList().forEach(this::expire);
        }
    }

    private synchronized void closeExpired() {
        long now = System.nanoTime();
        List<Session> expired = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (!s.inUse && s.expiresAt - now < 0) {
                expired.add(s);
            }
        }
        expired.forEach(this::expire);
    }

    private void expire(Session session) {
        sessions.remove(session.id);
        session.connection.close();
    }

    private static int timeout(String param) {
        if (param == null) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
        try {
            int seconds = Integer.parseInt(param.strip());
            if (seconds >= 0 && seconds <= MAX_TIMEOUT_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ClickHouseException(
                ClickHouseException.INVALID_SESSION_TIMEOUT,
                "Invalid session timeout: '" + param + "' (0 to " + MAX_TIMEOUT_SECONDS
                        + " seconds). (INVALID_SESSION_TIMEOUT)");
    }
}
