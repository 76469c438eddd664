package cn.binjiang.union.jobs.wiring;

/** A setting that is missing, unknown or malformed; the message names the key. Thrown at start, never later. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
