package cn.binjiang.union.operations.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code BackupCommand backup|restore DIR HTTP_URL DATABASE}: {@code ./platform backup DIR} and {@code ./platform
 * restore DIR}, as the writer {@code CLICKHOUSE_USER} with {@code CLICKHOUSE_PASSWORD} from the environment. Exits 2
 * on a bad command line, 1 when the backup or the restore fails (a restore refused loads nothing).
 */
public final class BackupCommand {
    private BackupCommand() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !List.of("backup", "restore").contains(args[0])) {
            System.err.println("usage: BackupCommand backup|restore DIR HTTP_URL DATABASE");
            System.exit(2);
        }
        ClickHouseBackup clickhouse = new ClickHouseBackup(
                args[2],
                args[3],
                System.getenv().getOrDefault("CLICKHOUSE_USER", "default"),
                System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", ""));
        Path dir = Path.of(args[1]);
        try {
            List<ClickHouseBackup.TableRows> tables =
                    args[0].equals("backup") ? clickhouse.backup(dir) : clickhouse.restore(dir);
            long rows = 0;
            for (ClickHouseBackup.TableRows table : tables) {
                System.out.printf("  %-22s %,14d rows%n", table.table(), table.rows());
                rows += table.rows();
            }
            System.out.printf(
                    "%s: %,d tables, %,d rows %s %s%n",
                    args[0],
                    tables.size(),
                    rows,
                    args[0].equals("backup") ? "written to" : "restored from",
                    dir.toAbsolutePath());
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println(args[0] + " failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
