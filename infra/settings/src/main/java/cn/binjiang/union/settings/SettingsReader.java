package cn.binjiang.union.settings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How every program of the platform takes its settings, as flat {@code key -> text}: a YAML file
 * ({@code --config FILE}, nested or dotted keys), overridden by {@code --key value} arguments,
 * overridden by the environment variables that carry secrets. Each program then checks the keys
 * and values against its own typed options.
 */
public final class SettingsReader {
    private SettingsReader() {}

    /**
     * @param secrets environment variable name -> the setting key it fills
     * @throws ConfigurationException for an argument that is not {@code --key value} or a config file that cannot be
     * read
     */
    public static Map<String, String> read(String[] args, Map<String, String> env, Map<String, String> secrets) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new ConfigurationException("argument '" + args[i] + "': settings are given as --key value");
            }
            String key = args[i].substring(2);
            String value = args[++i];
            if (key.equals("config")) {
                readFile(Path.of(value)).forEach(settings::putIfAbsent);
            } else {
                settings.put(key, value);
            }
        }
        secrets.forEach((variable, key) -> {
            String value = env.get(variable);
            if (value != null && !value.isEmpty()) settings.put(key, value);
        });
        return settings;
    }

    private static Map<String, String> readFile(Path file) {
        YamlNode root = YamlFile.read(file);
        Map<String, String> flat = new LinkedHashMap<>();
        if (!root.isMissing()) {
            if (!root.isMap()) throw root.problem("expected a map of settings");
            flatten(root, flat);
        }
        return flat;
    }

    private static void flatten(YamlNode map, Map<String, String> out) {
        map.fields().forEach((key, value) -> {
            if (value.isMap()) {
                flatten(value, out);
            } else if (!value.isMissing()) {
                out.put(value.path(), value.text());
            }
        });
    }
}
