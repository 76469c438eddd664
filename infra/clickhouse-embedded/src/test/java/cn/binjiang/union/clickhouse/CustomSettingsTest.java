package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomSettingsTest {
    @Test
    void urlSettingsWithACustomPrefixAreTakenOutAsStrings() {
        Map<String, String> settings =
                new LinkedHashMap<>(Map.of("custom_a", "x'y", "max_threads", "2", "SQL_mode", "5", "custom_", "1"));
        assertThat(CustomSettings.takeFrom(settings))
                .containsExactlyInAnyOrderEntriesOf(Map.of("custom_a", "'x\\'y'", "SQL_mode", "'5'"));
        assertThat(settings).containsOnlyKeys("max_threads", "custom_");
    }

    @Test
    void aClausesCustomSettingsAreCutAndReadIntoTheStatement() {
        CustomSettings.Applied applied = CustomSettings.apply(
                SqlStatement.parse(
                        "SELECT getSetting('custom_a'), 'getSetting(''custom_a'')', getSetting('SQL_u') FORMAT TSV SETTINGS custom_a = -1, max_threads = 2"),
                Map.of("SQL_u", "'url'"));
        assertThat(applied.statement().sql())
                .isEqualTo("SELECT (tuple(-1).1 AS `getSetting('custom_a')`), 'getSetting(''custom_a'')', "
                        + "(tuple('url').1 AS `getSetting('SQL_u')`) FORMAT TSV SETTINGS max_threads = 2");
        assertThat(applied.assigned()).isEmpty();
        assertThat(CustomSettings.apply(
                                SqlStatement.parse(
                                        "SELECT getSettingOrDefault('custom_a', 0) SETTINGS custom_a = [1, 2]"),
                                Map.of())
                        .statement()
                        .sql())
                .isEqualTo("SELECT (tuple([1, 2]).1 AS `getSettingOrDefault('custom_a', 0)`) ");
        // an unknown one is left to the engine, which refuses it as a server does
        assertThat(CustomSettings.apply(SqlStatement.parse("SELECT getSetting('custom_b')"), Map.of())
                        .statement()
                        .sql())
                .isEqualTo("SELECT getSetting('custom_b')");
    }

    @Test
    void aSetOfCustomSettingsLeavesTheEngineTheRest() {
        CustomSettings.Applied only =
                CustomSettings.apply(SqlStatement.parse("SET custom_y = 'q', SQL_z = DEFAULT"), Map.of());
        assertThat(only.statement().isEmpty()).isTrue();
        assertThat(only.assigned()).containsExactly(Map.entry("custom_y", "'q'"), Map.entry("SQL_z", "DEFAULT"));
        CustomSettings.Applied mixed =
                CustomSettings.apply(SqlStatement.parse("SET custom_y = 1, max_threads = 3"), Map.of());
        assertThat(mixed.statement().sql()).isEqualTo("SET max_threads = 3");
        assertThat(mixed.assigned()).containsExactly(Map.entry("custom_y", "1"));
    }

    @Test
    void aTablesSettingsAndABodyInsertsOwnAreHandledApart() {
        String create = "CREATE TABLE t (a UInt8) ENGINE = MergeTree ORDER BY a SETTINGS custom_x = 1";
        assertThat(CustomSettings.apply(SqlStatement.parse(create), Map.of())
                        .statement()
                        .sql())
                .isEqualTo(create);
        QueryPlan.FileInsert insert = new QueryPlan.FileInsert(
                new SqlStatement.InsertHead("INSERT INTO t", "custom_x = 1, async_insert = 0", "CSV"),
                Path.of("/spool/insert-1.data"));
        assertThat(CustomSettings.withoutCustom(insert).head())
                .isEqualTo(new SqlStatement.InsertHead("INSERT INTO t", "async_insert = 0", "CSV"));
    }
}
