package cn.binjiang.union.settings;

/**
 * A setting, file or flag a program refuses at start: its message names the key (or the file and the path
 * in it) and what is wrong. Permanent by nature: starting again with the same configuration fails the same.
 */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
