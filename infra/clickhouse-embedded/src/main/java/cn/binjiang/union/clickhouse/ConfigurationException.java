package cn.binjiang.union.clickhouse;

/** Start-up configuration that cannot work; its message names the offending option, key or port. */
final class ConfigurationException extends RuntimeException {
    ConfigurationException(String message) {
        super(message);
    }

    ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
