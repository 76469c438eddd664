package cn.binjiang.union.dashboards.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A request the server refuses with a reason for the caller: the HTTP status (4xx) and a message.
 * The server answers every one alike, {@code {"error": message}} (and {@code Retry-After} when set); subclasses
 * name where it came from.
 */
public class RequestRefused extends RuntimeException {
    private final int status;
    private final Optional<Duration> retryAfter;

    public RequestRefused(int status, String message) {
        this(status, message, null);
    }

    /** A refusal the caller may try again after {@code retryAfter} (the answer's Retry-After header). */
    public RequestRefused(int status, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = Optional.ofNullable(retryAfter);
    }

    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
