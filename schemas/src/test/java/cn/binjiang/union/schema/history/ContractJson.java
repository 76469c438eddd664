package cn.binjiang.union.schema.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;

/**
 * A schema as a language-neutral contract: the JSON of the schema without the Java-only hint
 * {@code "avro.java.string": "String"} that the code generator adds, which is how history files
 * are written. Docs are optional, because they are no part of what is compatible with what.
 */
final class ContractJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA_STRING_HINT = "avro.java.string";

    private ContractJson() {}

    static JsonNode of(Schema schema, boolean withDocs) {
        try {
            return clean(JSON.readTree(schema.toString()), withDocs);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a history file for this schema. */
    static String historyFile(Schema schema) {
        return of(schema, true).toPrettyString() + "\n";
    }

    private static JsonNode clean(JsonNode node, boolean withDocs) {
        if (node instanceof ArrayNode array) {
            ArrayNode cleaned = JSON.createArrayNode();
            array.forEach(element -> cleaned.add(clean(element, withDocs)));
            return cleaned;
        }
        if (node instanceof ObjectNode object) {
            ObjectNode cleaned = JSON.createObjectNode();
            object.fields().forEachRemaining(field -> {
                boolean dropped = field.getKey().equals(JAVA_STRING_HINT)
                        || (!withDocs && field.getKey().equals("doc"));
                if (!dropped) {
                    cleaned.set(field.getKey(), clean(field.getValue(), withDocs));
                }
            });
            // {"type": "string"} left after dropping the hint is just "string".
            if (cleaned.size() == 1 && cleaned.get("type") instanceof TextNode primitive) {
                return primitive;
            }
            return cleaned;
        }
        return node;
    }

    static List<String> fieldNames(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }
}
