package cn.binjiang.union.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One node of a YAML document with its file and its path in it ({@code rules[2].slice.street}, lists counted
 * from 0): every accessor checks the shape it expects, so an unknown key, a wrong type and a missing field are
 * each refused with the file, the path and what was found. Readers of the platform's files take their values
 * through it and add their own checks with {@link #problem}.
 */
public final class YamlNode {
    private final String source;
    private final String path;
    private final JsonNode node;

    private YamlNode(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
    }

    static YamlNode root(String source, JsonNode node) {
        return new YamlNode(source, "", node);
    }

    /** The file (or resource) the node was read from. */
    public String source() {
        return source;
    }

    /** The node's path in the document; empty for the document itself. */
    public String path() {
        return path;
    }

    /** An error about this node: the file, the path, then the problem. */
    public ConfigurationException problem(String message) {
        return new ConfigurationException(source + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /**
     * This node with {@code label} after its position in its path and its children's, e.g.
     * {@code rules[2] (members_drop).kpi}: a reader names a list's element by its id once it has read it, so
     * that an error points at the entry the author knows, not only at its position.
     */
    public YamlNode labelled(String label) {
        return new YamlNode(source, path + " (" + label + ")", node);
    }

    /** Absent, or written as null / {@code ~} / nothing. */
    public boolean isMissing() {
        return node.isMissingNode();
    }

    public boolean isMap() {
        return node.isObject();
    }

    public boolean isList() {
        return node.isArray();
    }

    /** True when this map has the key with a value that is not null. */
    public boolean has(String key) {
        return !get(key).isMissing();
    }

    /** The value of the key, possibly {@link #isMissing missing}; this node must be a map (or missing). */
    public YamlNode get(String key) {
        if (!isMissing()) expect(isMap(), "a map");
        return new YamlNode(source, path.isEmpty() ? key : path + "." + key, node.path(key));
    }

    /** The value of the key, which must be there. */
    public YamlNode required(String key) {
        YamlNode value = get(key);
        if (value.isMissing()) {
            if (isMissing()) throw problem("missing (a map with '" + key + "')");
            throw value.problem("missing");
        }
        return value;
    }

    /** Refuses the first key that is not one of {@code known}; returns this map. */
    public YamlNode allowKeys(Collection<String> known) {
        for (String key : fields().keySet()) {
            if (!known.contains(key))
                throw get(key).problem("unknown key (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
        return this;
    }

    /** The keys and values of this map, in the file's order; empty when missing. */
    public Map<String, YamlNode> fields() {
        Map<String, YamlNode> fields = new LinkedHashMap<>();
        if (isMissing()) return fields;
        expect(isMap(), "a map");
        node.fieldNames().forEachRemaining(key -> fields.put(key, get(key)));
        return fields;
    }

    /** The elements of this list; empty when missing. */
    public List<YamlNode> elements() {
        List<YamlNode> elements = new ArrayList<>();
        if (isMissing()) return elements;
        expect(isList(), "a list");
        for (int i = 0; i < node.size(); i++) elements.add(new YamlNode(source, path + "[" + i + "]", node.get(i)));
        return elements;
    }

    /** The elements of this list, which must have at least one. */
    public List<YamlNode> nonEmptyElements() {
        List<YamlNode> elements = elements();
        if (elements.isEmpty())
            throw problem(isMissing() ? "missing (a non-empty list)" : "expected a non-empty list, got an empty one");
        return elements;
    }

    /** A scalar's text, stripped, never blank. */
    public String text() {
        present();
        expect(node.isValueNode() && !node.asText().isBlank(), "a non-blank value");
        return node.asText().strip();
    }

    /** The text, or {@code fallback} when missing. */
    public String text(String fallback) {
        return isMissing() ? fallback : text();
    }

    /** A whole number in {@code [min, max]}. */
    public long whole(long min, long max) {
        present();
        expect(
                node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= min && node.asLong() <= max,
                "a whole number from " + min + " to " + max);
        return node.asLong();
    }

    /** A number in {@code [min, max]}. */
    public double number(double min, double max) {
        present();
        expect(
                node.isNumber() && node.asDouble() >= min && node.asDouble() <= max,
                "a number from " + plain(min) + " to " + plain(max));
        return node.asDouble();
    }

    /** {@code true} or {@code false}. */
    public boolean bool() {
        present();
        expect(node.isBoolean(), "true or false");
        return node.asBoolean();
    }

    private void present() {
        if (isMissing()) throw problem("missing");
    }

    private void expect(boolean holds, String expected) {
        if (!holds) throw problem("expected " + expected + ", got " + found());
    }

    private String found() {
        if (node.isMissingNode()) return "nothing";
        if (node.isObject()) return "a map";
        if (node.isArray()) return "a list";
        if (node.isTextual()) return "'" + node.asText() + "'";
        return node.asText();
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
