package cn.binjiang.union.dashboards.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;

/** A request's JSON body and its text fields. */
public final class JsonBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBody() {}

    /** Whether the request says its body is JSON. */
    public static boolean isJson(Context ctx) {
        return ctx.contentType() != null && ctx.contentType().startsWith("application/json");
    }

    /** The body as JSON (null for an empty body); 400 when it is not JSON. */
    public static JsonNode read(Context ctx) {
        try {
            return JSON.readTree(ctx.body());
        } catch (IOException e) {
            throw new BadRequest("body is not JSON");
        }
    }

    /** The text of {@code body}'s field {@code name}; null when the body or the field is missing or not text. */
    public static String text(JsonNode body, String name) {
        JsonNode n = body == null ? null : body.get(name);
        return n == null || !n.isTextual() ? null : n.asText();
    }
}
