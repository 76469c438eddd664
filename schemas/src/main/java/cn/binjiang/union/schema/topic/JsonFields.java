package cn.binjiang.union.schema.topic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Predicate;

/**
 * The fields of one JSON record of a topic, as its contract's reader takes them: every required field
 * present and of its type, or an {@link IOException} naming the topic, the field and what is wrong.
 */
final class JsonFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Topic topic;
    private final JsonNode record;

    private JsonFields(Topic topic, JsonNode record) {
        this.topic = topic;
        this.record = record;
    }

    static JsonFields of(Topic topic, byte[] bytes) throws IOException {
        JsonNode record;
        try {
            record = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(topic.topicName() + " record: not JSON: " + e.getOriginalMessage(), e);
        }
        if (record == null || !record.isObject()) {
            throw new IOException(topic.topicName() + " record: not a JSON object");
        }
        return new JsonFields(topic, record);
    }

    /** A tree to write a record into: the contracts that are not on a hot path write through one. */
    static ObjectNode newRecord() {
        return JSON.createObjectNode();
    }

    static byte[] bytes(ObjectNode record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings, numbers and booleans always serialises", e);
        }
    }

    String text(String field) throws IOException {
        return required(field, JsonNode::isTextual, "not a string").asText();
    }

    long whole(String field) throws IOException {
        return required(field, v -> v.isIntegralNumber() && v.canConvertToLong(), "not a whole number")
                .asLong();
    }

    int integer(String field) throws IOException {
        return required(field, v -> v.isIntegralNumber() && v.canConvertToInt(), "not a 32-bit whole number")
                .asInt();
    }

    boolean bool(String field) throws IOException {
        return required(field, JsonNode::isBoolean, "not true or false").asBoolean();
    }

    /** A decimal with at most two places, in hundredths. */
    long hundredths(String field) throws IOException {
        JsonNode value = required(field, JsonNode::isNumber, "not a number");
        try {
            return new BigDecimal(value.asText()).movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw bad(field, value.asText() + " is not a whole number of hundredths");
        }
    }

    /** An ISO-8601 instant, as epoch ms. */
    long instant(String field) throws IOException {
        String text = text(field);
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (RuntimeException e) {
            throw bad(field, "'" + text + "' is not an instant (ISO-8601, UTC)");
        }
    }

    /** An ISO-8601 instant that may be absent, as epoch ms, or {@code absent}. */
    long instantOr(String field, long absent) throws IOException {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? absent : instant(field);
    }

    /** An ISO-8601 date, as an epoch day. */
    int date(String field) throws IOException {
        String text = text(field);
        try {
            return Math.toIntExact(LocalDate.parse(text).toEpochDay());
        } catch (RuntimeException e) {
            throw bad(field, "'" + text + "' is not a date (yyyy-mm-dd)");
        }
    }

    IOException bad(String field, String problem) {
        return new IOException(topic.topicName() + " record: field '" + field + "': " + problem);
    }

    private JsonNode required(String field, Predicate<JsonNode> ofItsType, String otherwise) throws IOException {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) throw bad(field, "missing");
        if (!ofItsType.test(value)) throw bad(field, otherwise);
        return value;
    }
}
