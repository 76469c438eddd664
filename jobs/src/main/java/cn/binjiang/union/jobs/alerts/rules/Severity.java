package cn.binjiang.union.jobs.alerts.rules;

/** How urgent an alert is; the notification carries it. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
