package cn.binjiang.union.dashboards.api;

/**
 * A request the server refuses with a reason for the caller: the HTTP status (4xx) and a message.
 * The server answers every one alike, {@code {"error": message}}; subclasses name where it came from.
 */
public class RequestRefused extends RuntimeException {
    private final int status;

    public RequestRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
