package cn.binjiang.union.dashboards.config;

import cn.binjiang.union.settings.ConfigurationException;
import java.util.function.Function;

/** One typed setting: its key, its default (null = none) as text, how to parse it, and what it means. */
public record DashboardOption<T>(String key, String defaultValue, Function<String, T> parser, String description) {
    T parse(String text) {
        try {
            return parser.apply(text);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ConfigurationException(key + ": cannot read '" + text + "': " + e.getMessage(), e);
        }
    }
}
