package cn.binjiang.union.jobs.alerts;

/**
 * Records seen on one topic ({@link AlertInput#DEAD_LETTER} or an event stream's name) in one second ending at {@code
 * at}.
 */
public record TopicCount(String topic, long count, long at) {
    public TopicCount plus(TopicCount other) {
        return new TopicCount(topic, count + other.count, Math.max(at, other.at));
    }
}
