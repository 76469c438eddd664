package cn.binjiang.union.dashboards.config;

/** A setting, dashboard or users file the server refuses at start; the message names what is wrong. */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
