package cn.binjiang.union.operations.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/tables.md tells operators and analysts where each table's rows live on a cluster: its keys must be the code's.
 */
class ShardingKeyDocsTest {
    @Test
    void documentsEveryShardingKeyWithEveryTableItShards() throws Exception {
        String docs = Files.readString(Path.of("..", "..", "docs", "tables.md"));
        List<String> rows = docs.substring(docs.indexOf("## On a sharded cluster"))
                .lines()
                .filter(line -> line.startsWith("| `"))
                .toList();

        assertThat(rows).hasSameSizeAs(ShardingKey.values());
        for (ShardingKey key : ShardingKey.values()) {
            assertThat(rows).as(key.name()).anySatisfy(row -> {
                assertThat(row).contains("| `" + key.expression() + "` |");
                key.tables().forEach(table -> assertThat(row).contains("`" + table + "`"));
            });
        }
    }
}
