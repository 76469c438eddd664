package cn.binjiang.union.jobs.kpi.records;

import cn.binjiang.union.schema.topic.DeadLetter;

/** What the Kafka source makes of one record: exactly one of {@code accepted} and {@code rejected} is set. */
public record Intake(AcceptedEvent accepted, DeadLetter rejected) {
    public static Intake accepted(AcceptedEvent event) {
        return new Intake(event, null);
    }

    public static Intake rejected(DeadLetter deadLetter) {
        return new Intake(null, deadLetter);
    }

    public boolean isAccepted() {
        return accepted != null;
    }
}
