package cn.binjiang.union.jobs.sink.clickhouse;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the {@link ClickHouseSink} writes. Built with {@link #builder()}; {@code build()}
 * refuses a bad value with a message naming its key, so a misconfigured job fails at submission
 * rather than at the first write.
 */
public final class ClickHouseSinkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Duration retryTimeout;
    private final Duration requestTimeout;

    private ClickHouseSinkConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.user = b.user;
        this.password = b.password;
        this.batchSize = b.batchSize;
        this.flushInterval = b.flushInterval;
        this.minBackoff = b.minBackoff;
        this.maxBackoff = b.maxBackoff;
        this.retryTimeout = b.retryTimeout;
        this.requestTimeout = b.requestTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** e.g. {@code jdbc:clickhouse://localhost:8123/default}; the database in it is where the tables are. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Rows per INSERT at most; a full buffer is written at once. */
    public int batchSize() {
        return batchSize;
    }

    /** The longest a row waits in the buffer: the bound on how stale the cockpit can be. */
    public Duration flushInterval() {
        return flushInterval;
    }

    /** Wait before the first retry of a failed batch; doubles on each further failure. */
    public Duration minBackoff() {
        return minBackoff;
    }

    /** The longest wait between two retries. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * How long one batch may keep failing before the writer gives up and fails the job (which
     * then restarts from its last checkpoint); empty = retry for as long as it takes.
     */
    public Optional<Duration> retryTimeout() {
        return Optional.ofNullable(retryTimeout);
    }

    /**
     * How long one INSERT may wait for ClickHouse's answer before it counts as failed and is
     * retried: a server that accepts connections but hangs must not block the writer for ever.
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    @Override
    public String toString() {
        return "ClickHouseSinkConfig{jdbcUrl=" + jdbcUrl + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "***")
                + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval + ", minBackoff=" + minBackoff
                + ", maxBackoff=" + maxBackoff + ", retryTimeout=" + (retryTimeout == null ? "none" : retryTimeout)
                + ", requestTimeout=" + requestTimeout + "}";
    }

    public static final class Builder {
        private String jdbcUrl;
        private String user = "default";
        private String password = "";
        private int batchSize = 10_000;
        private Duration flushInterval = Duration.ofMillis(500);
        private Duration minBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration retryTimeout;
        private Duration requestTimeout = Duration.ofSeconds(60);

        private Builder() {}

        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        public Builder minBackoff(Duration minBackoff) {
            this.minBackoff = minBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder retryTimeout(Duration retryTimeout) {
            this.retryTimeout = retryTimeout;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public ClickHouseSinkConfig build() {
            if (jdbcUrl == null || jdbcUrl.isBlank()) {
                throw invalid("jdbcUrl is missing (e.g. jdbc:clickhouse://localhost:8123/default)");
            }
            if (!jdbcUrl.startsWith("jdbc:clickhouse:") && !jdbcUrl.startsWith("jdbc:ch:")) {
                throw invalid("jdbcUrl must start with jdbc:clickhouse: or jdbc:ch:, was " + jdbcUrl);
            }
            if (user == null || user.isBlank()) throw invalid("user is missing");
            if (password == null) throw invalid("password is missing (use \"\" for none)");
            if (batchSize < 1) throw invalid("batchSize must be at least 1, was " + batchSize);
            requirePositive("flushInterval", flushInterval);
            requirePositive("minBackoff", minBackoff);
            requirePositive("maxBackoff", maxBackoff);
            if (maxBackoff.compareTo(minBackoff) < 0) {
                throw invalid("maxBackoff (" + maxBackoff + ") must not be less than minBackoff (" + minBackoff + ")");
            }
            if (retryTimeout != null) requirePositive("retryTimeout", retryTimeout);
            requirePositive("requestTimeout", requestTimeout);
            return new ClickHouseSinkConfig(this);
        }

        private static void requirePositive(String key, Duration value) {
            if (value == null) throw invalid(key + " is missing");
            if (value.isNegative() || value.isZero()) throw invalid(key + " must be positive, was " + value);
        }

        private static IllegalArgumentException invalid(String problem) {
            return new IllegalArgumentException("ClickHouse sink: " + problem);
        }
    }
}
