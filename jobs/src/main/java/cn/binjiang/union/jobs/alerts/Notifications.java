package cn.binjiang.union.jobs.alerts;

import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where the transitions to notify go: a webhook (see the notify package), or nowhere when none is configured. */
@FunctionalInterface
public interface Notifications extends Serializable {
    void attach(DataStream<AlertTransition> toNotify);

    static Notifications none() {
        return toNotify -> {};
    }
}
