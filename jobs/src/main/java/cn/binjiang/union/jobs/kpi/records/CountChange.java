package cn.binjiang.union.jobs.kpi.records;

/**
 * What one event's newest revision changes in what the KPIs count: the payload counted until now, to take back, and
 * the payload to count instead. Either may be null: a first sending takes nothing back, a withdrawal counts nothing
 * in its place. Both are the intake's re-encoded events ({@link AcceptedEvent#payload()}).
 */
public record CountChange(String eventId, byte[] takenBack, byte[] counted) {}
