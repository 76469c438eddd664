package cn.binjiang.union.dashboards.api;

/** A 400 with a message for the caller. */
public final class BadRequest extends RequestRefused {
    public BadRequest(String message) {
        super(400, message);
    }
}
