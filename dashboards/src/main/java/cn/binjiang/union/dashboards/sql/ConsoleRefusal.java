package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.dashboards.api.RequestRefused;

/** A console query refused before it runs: the HTTP status (400 malformed, 403 not allowed) and the reason. */
final class ConsoleRefusal extends RequestRefused {
    ConsoleRefusal(int status, String message) {
        super(status, message);
    }
}
