package cn.binjiang.union.clickhouse;

import java.util.HashMap;
import java.util.Map;

/**
 * Every setting's value in a pooled chDB session, which every request leaves at the server's defaults
 * ({@link ChdbEngine#connect}), read from {@code system.settings} once instead of on every request that names a
 * setting: the JDBC driver before 0.10 named {@code async_insert} on each, so a read-only user's every query read it
 * to check the value is unchanged (4–12 ms, more than most dashboard queries take). {@code readonly} is left out: the
 * read-only and the read-write pool differ in it, and a request that names it reads it.
 */
final class SessionDefaults {
    private volatile Map<String, SettingsScope.Current> settings;

    /** @param pooled a pooled session, at the server's defaults */
    Map<String, SettingsScope.Current> of(ChdbConnection pooled) {
        Map<String, SettingsScope.Current> known = settings;
        if (known == null) {
            Map<String, SettingsScope.Current> read = new HashMap<>(SettingsScope.snapshot(pooled, "1"));
            read.remove("readonly");
            known = Map.copyOf(read);
            settings = known;
        }
        return known;
    }
}
