package cn.binjiang.union.settings;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the platform's YAML files (the KPI catalog, dashboards, users, alert rules, job configs) strictly: a key
 * given twice is an error, not a silent override, and a syntax error names the file, line and column. What the
 * file means is checked by its reader through {@link YamlNode}, whose every error names the file and the path.
 */
public final class YamlFile {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlFile() {}

    public static YamlNode read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @param source what the errors call the document: its file name or resource */
    public static YamlNode read(String source, InputStream in) {
        try {
            return parse(source, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigurationException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @param source what the errors call the document: its file name or resource */
    public static YamlNode parse(String source, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigurationException(source + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        return YamlNode.root(source, root);
    }
}
