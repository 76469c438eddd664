package cn.binjiang.union.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.alerts.io.AlertRows;
import cn.binjiang.union.jobs.alerts.notify.DeliveryRows;
import cn.binjiang.union.jobs.kpi.rows.DeadLetterRows;
import cn.binjiang.union.jobs.kpi.rows.DuplicateEventRows;
import cn.binjiang.union.jobs.kpi.rows.KpiValueRows;
import cn.binjiang.union.jobs.kpi.rows.RawEventRows;
import cn.binjiang.union.jobs.sink.clickhouse.RowBinder;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * infra/clickhouse/users.sql must let the jobs' ClickHouse user, the one the k8s manifests name, insert into every
 * table the jobs' sinks write, in the platform's database and in the local database of a sharded cluster (whose
 * shards check the user's own grants): a sink given a new table without its grant would fail on a real server only.
 */
class WriterGrantsTest {
    private static final Path USERS_SQL = Path.of("..", "infra", "clickhouse", "users.sql");
    private static final List<Path> MANIFESTS = List.of(
            Path.of("..", "infra", "k8s", "flink-kpi-job.yaml"), Path.of("..", "infra", "k8s", "flink-alert-job.yaml"));
    /** The job argument that names the user, as the manifests write it. */
    private static final Pattern USER_ARGUMENT = Pattern.compile("\"--clickhouse\\.user\",\\s*\"(\\w+)\"");

    @Test
    void theJobsUserMayInsertIntoEveryTableTheSinksWriteInBothDatabases() throws Exception {
        List<String> users = new ArrayList<>();
        for (Path manifest : MANIFESTS) {
            Matcher argument = USER_ARGUMENT.matcher(Files.readString(manifest));
            assertThat(argument.find())
                    .as(manifest + " names its ClickHouse user")
                    .isTrue();
            users.add(argument.group(1));
        }
        assertThat(users).as("both jobs write as one user").containsOnly(users.get(0));
        String user = users.get(0);
        String sql = Files.readString(USERS_SQL);
        assertThat(sql).contains("CREATE USER OR REPLACE " + user + " ");
        Matcher grant = Pattern.compile("GRANT ([^;]*)\\s+TO " + Pattern.quote(user) + ";")
                .matcher(sql);
        assertThat(grant.find()).as("a GRANT to " + user).isTrue();
        List<String> privileges = List.of(grant.group(1).split("\\s*,\\s*"));

        List<RowBinder<?>> sinks = new ArrayList<>(List.of(
                new KpiValueRows(),
                new DeadLetterRows(),
                new DuplicateEventRows(),
                new AlertRows(),
                new DeliveryRows()));
        EventCodec codec = EventCodec.fromClasspath();
        EventStream.all().forEach(stream -> sinks.add(new RawEventRows(stream, codec)));
        for (RowBinder<?> sink : sinks) {
            assertThat(privileges)
                    .as(sink.table())
                    .anyMatch(p -> p.endsWith("INSERT ON default." + sink.table()))
                    .anyMatch(p -> p.endsWith("INSERT ON default_local." + sink.table()));
        }
    }
}
