package cn.binjiang.union.clickhouse.ast;

/**
 * A statement whose parse tree cannot be read with certainty, so nothing can be said about what it does: it
 * must be refused. Permanent: the same text always fails the same way.
 */
public final class UncheckableStatement extends RuntimeException {
    public UncheckableStatement(String message) {
        super(message);
    }
}
