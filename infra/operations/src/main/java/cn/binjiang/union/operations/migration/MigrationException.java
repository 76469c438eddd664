package cn.binjiang.union.operations.migration;

/** A migration that cannot be read or applied; the message names the file and, where one failed, the statement. */
public class MigrationException extends RuntimeException {
    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
