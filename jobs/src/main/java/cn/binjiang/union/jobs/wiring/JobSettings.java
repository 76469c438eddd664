package cn.binjiang.union.jobs.wiring;

import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.SettingsReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

/**
 * How every job reads and checks its settings: in rising precedence its options' defaults, a YAML config
 * file ({@code --config FILE}, nested or dotted keys), {@code --key value} arguments and the environment
 * variables for secrets, as {@link SettingsReader} reads them; then every key in a namespace the job owns
 * must be one of its options and parse to a sensible value, or the job stops at start naming the key.
 */
public final class JobSettings {
    private JobSettings() {}

    /**
     * A job's flat settings: YAML file, {@code --key value}, then secrets from the environment ({@code secretEnv}:
     * variable → key).
     */
    public static Map<String, String> read(String[] args, Map<String, String> env, Map<String, String> secretEnv) {
        return SettingsReader.read(args, env, secretEnv);
    }

    /** A job's accepted options: its own and the shared groups it reads, in one list. */
    @SafeVarargs
    public static List<ConfigOption<?>> options(List<ConfigOption<?>>... groups) {
        return Stream.of(groups).flatMap(List::stream).toList();
    }

    /**
     * Every key in a namespace the job owns must be one of its options, and every option must parse to a
     * sensible value (durations, sizes and counts above zero), or the job stops at start naming the key.
     */
    public static void checkTyped(
            Configuration config,
            Map<String, String> settings,
            List<ConfigOption<?>> options,
            List<String> ownPrefixes) {
        for (String key : settings.keySet()) {
            boolean ours = ownPrefixes.stream().anyMatch(key::startsWith);
            boolean known = options.stream().anyMatch(o -> o.key().equals(key));
            if (ours && !known) throw new ConfigurationException("unknown setting '" + key + "'");
        }
        for (ConfigOption<?> option : options) {
            Object value;
            try {
                value = config.get(option);
            } catch (RuntimeException e) {
                throw new ConfigurationException(option.key() + ": " + e.getMessage(), e);
            }
            if (value instanceof Duration d && (d.isNegative() || d.isZero())) {
                throw new ConfigurationException(option.key() + ": must be a positive duration, got " + d);
            }
            if (value instanceof MemorySize size && size.getBytes() < 1) {
                throw new ConfigurationException(option.key() + ": must be a positive size, got " + size);
            }
            if (value instanceof Integer n && n < 1) {
                throw new ConfigurationException(option.key() + ": must be at least 1, got " + n);
            }
        }
    }
}
