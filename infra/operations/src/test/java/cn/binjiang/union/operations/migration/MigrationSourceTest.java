package cn.binjiang.union.operations.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationSourceTest {

    @Test
    void theProjectsMigrationsAreNumberedWithoutGapsFromOne() {
        List<Migration> migrations = MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION);

        assertThat(migrations).isNotEmpty();
        for (int i = 0; i < migrations.size(); i++) {
            assertThat(migrations.get(i).version())
                    .as(migrations.get(i).fileName())
                    .isEqualTo(i + 1);
        }
    }

    @Test
    void ordersByNumberNotByName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V10__later.sql"), "SELECT 10");
        Files.writeString(dir.resolve("V2__earlier.sql"), "SELECT 2");

        assertThat(MigrationSource.fromFolder(dir))
                .extracting(Migration::fileName)
                .containsExactly("V2__earlier.sql", "V10__later.sql");
    }

    @Test
    void aMisnamedSqlFileIsRefusedByName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("create_tables.sql"), "SELECT 1");

        assertThatThrownBy(() -> MigrationSource.fromFolder(dir))
                .isInstanceOf(MigrationException.class)
                .hasMessage("create_tables.sql: a migration file is named V<number>__<words>.sql");
    }

    @Test
    void twoFilesWithOneVersionAreRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V1__a.sql"), "SELECT 1");
        Files.writeString(dir.resolve("V001__b.sql"), "SELECT 1");

        assertThatThrownBy(() -> MigrationSource.fromFolder(dir))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("two migrations have version 1");
    }
}
