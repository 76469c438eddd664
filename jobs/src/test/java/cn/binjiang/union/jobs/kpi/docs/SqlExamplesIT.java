package cn.binjiang.union.jobs.kpi.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import cn.binjiang.union.testkit.TestClickHouse;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every query of {@code docs/sql-examples.md} against a freshly migrated database holding a small
 * known dataset: each must succeed, return rows and the columns its recipe documents, and the recipes'
 * answers must be exactly the dataset's. The dataset keeps superseded KPI versions, re-sent raw events
 * and re-rejected records next to the current rows (merges stopped), so a query that forgets
 * {@code kpi_latest}/{@code FINAL} or the {@code ''} = all convention gets a different answer. Dates are
 * relative to today in Beijing, as the queries are.
 *
 * <p>Longer than 300 lines on purpose: the dataset and one test per recipe of the document, which it follows section by section.
 */
class SqlExamplesIT {
    private static final Path DOC = Path.of("../docs/sql-examples.md");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern RECIPE_HEADING = Pattern.compile("(?m)^## (\\d+)\\. (.+)$");
    private static final Pattern SECTION_HEADING = Pattern.compile("(?m)^## ");
    private static final Pattern SQL_BLOCK = Pattern.compile("(?s)```sql\\n(.*?)```");
    private static final Pattern TABLE_HEADER = Pattern.compile("(?m)^\\|(.+)\\|\\n\\|(?: *-+ *\\|)+$");
    private static final List<String> TABLES = List.of(
            "schema_migrations",
            "streets",
            "industries",
            "employment_forms",
            "enterprises",
            "targets",
            "enrollment_events",
            "training_events",
            "competition_events",
            "aid_events",
            "legal_events",
            "kpi_values",
            "kpi_latest",
            "kpi_progress",
            "rejected_events");
    private static final Pattern DATE_TIME =
            Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2})(\\.0+)?$");
    private static final String NULL = "NULL";

    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    private static List<Recipe> recipes;
    private static String db;
    private static LocalDateTime now;
    private static LocalDate today;

    /** One numbered recipe of the document: its heading and everything up to the next heading. */
    record Recipe(int number, String title, String section) {
        List<String> queries() {
            List<String> queries = new ArrayList<>();
            Matcher m = SQL_BLOCK.matcher(section);
            while (m.find()) queries.add(m.group(1).strip());
            return queries;
        }

        String query() {
            return queries().getFirst();
        }

        /** The header of the first table after the query: the documented columns of the answer. */
        List<String> documentedColumns() {
            Matcher m = TABLE_HEADER.matcher(section.substring(section.indexOf("```sql")));
            if (!m.find()) return List.of();
            return Arrays.stream(m.group(1).split("\\|"))
                    .map(c -> c.strip().replace("`", ""))
                    .toList();
        }
    }

    record Result(List<String> columns, List<List<String>> rows) {}

    @BeforeAll
    static void setUp() throws Exception {
        recipes = parse(Files.readString(DOC));
        now = beijingNowAwayFromMidnight();
        today = now.toLocalDate();
        db = CLICKHOUSE.freshDatabase("sql_examples");
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            new Migrator(c).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
            for (String table : List.of("kpi_values", "aid_events", "competition_events", "rejected_events")) {
                s.execute("SYSTEM STOP MERGES " + table);
            }
            for (String statement : statements(DATASET)) s.execute(statement);
            // separate inserts (parts), so that ClickHouse cannot collapse them with the rows above on insert
            for (String statement : statements(SUPERSEDED)) s.execute(statement);
        }
    }

    // ---- the document ------------------------------------------------------------------------------

    @Test
    void everyRecipeHasExactlyOneQueryAndTheRecipesAreNumberedInOrder() throws Exception {
        String doc = Files.readString(DOC);
        assertThat(recipes).hasSizeBetween(10, 12);
        for (int i = 0; i < recipes.size(); i++) {
            Recipe r = recipes.get(i);
            assertThat(r.number()).as("recipe '%s'", r.title()).isEqualTo(i + 1);
            assertThat(r.queries()).as("sql blocks of recipe %d", r.number()).hasSize(1);
            assertThat(r.section())
                    .as("recipe %d asks its question in Chinese too", r.number())
                    .containsPattern("问题");
        }
        assertThat(SQL_BLOCK.matcher(doc).results().count())
                .as("sql blocks in the document")
                .isEqualTo(recipes.size());
    }

    @Test
    void noQueryNamesADatabase() {
        Pattern qualified = Pattern.compile("(?i)\\b[a-z_][a-z0-9_]*\\.(" + String.join("|", TABLES) + ")\\b");
        for (Recipe r : recipes) {
            assertThat(qualified.matcher(r.query()).find())
                    .as("recipe %d names a database: %s", r.number(), r.query())
                    .isFalse();
        }
    }

    @Test
    void everyQuerySucceedsReturnsRowsAndHasTheDocumentedColumns() throws Exception {
        for (Recipe r : recipes) {
            Result result = run(r);
            assertThat(result.rows())
                    .as("rows of recipe %d '%s'", r.number(), r.title())
                    .isNotEmpty();
            assertThat(result.columns())
                    .as("columns of recipe %d '%s' against its answer table", r.number(), r.title())
                    .isEqualTo(r.documentedColumns());
        }
    }

    @Test
    void theDatasetKeepsSupersededRowsSoThatAQueryWithoutFinalWouldBeWrong() throws Exception {
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            for (String table : List.of("kpi_values", "aid_events", "competition_events", "rejected_events")) {
                long all = count(s, "SELECT count() FROM " + table);
                long current = count(s, "SELECT count() FROM " + table + " FINAL");
                assertThat(all).as("rows of %s without FINAL", table).isGreaterThan(current);
            }
        }
    }

    // ---- the answers -----------------------------------------------------------------------------------

    @Test
    void recipe1YearToDateOfEveryKpiOfTheDistrict() throws Exception {
        Result result = run(recipe(1));
        assertThat(firstColumns(result, 4))
                .containsExactly(
                        row("aid_funds_raised_cny", "784000", "700000", "1.12"),
                        row("aid_households", "52", NULL, NULL),
                        row("aid_paid_cny", "247000", NULL, NULL),
                        row("certificates_earned", "339", "320", "1.059"),
                        row("craftsmen_named", "0", "10", "0"),
                        row("legal_group_enterprises", "90", NULL, NULL),
                        row("legal_packages_granted", "17", "15", "1.133"),
                        row("members_joined", "5200", "5000", "1.04"),
                        row("members_left", "300", NULL, NULL),
                        row("members_net", "4900", NULL, NULL),
                        row("orgs_digitised", "370", "360", "1.028"),
                        row("trainings_completed", "379", "360", "1.053"),
                        row("trainings_started", "500", NULL, NULL),
                        row("unions_founded_new_form", "12", "9", "1.333"),
                        row("unions_founded_realname", "949", "924", "1.027"));
        double elapsed = elapsedShareOfTheYear();
        for (List<String> row : result.rows()) {
            assertThat(Double.parseDouble(row.get(4)))
                    .as("elapsed_share of %s", row.getFirst())
                    .isCloseTo(elapsed, within(0.002));
            if (row.get(3).equals(NULL)) {
                assertThat(row.get(5))
                        .as("pace of %s without a target", row.getFirst())
                        .isEqualTo(NULL);
            } else {
                assertThat(Double.parseDouble(row.get(5)))
                        .as("pace of %s", row.getFirst())
                        .isCloseTo(Double.parseDouble(row.get(3)) - elapsed, within(0.002));
            }
        }
    }

    @Test
    void recipe2KpisBehindScheduleAreTheTargetsWithNothingDoneYet() throws Exception {
        Result result = run(recipe(2));
        assertThat(firstColumns(result, 6))
                .containsExactly(
                        row("craftsmen_named", "", "全区", "0", "10", "0"),
                        row("orgs_digitised", "changhe", "长河街道", "0", "120", "0"));
        double elapsed = elapsedShareOfTheYear();
        for (List<String> row : result.rows()) {
            assertThat(Double.parseDouble(row.get(6))).as("pace").isCloseTo(-elapsed, within(0.002));
            double target = Double.parseDouble(row.get(4));
            assertThat(Double.parseDouble(row.get(7)))
                    .as("short_of_schedule")
                    .isBetween(Math.ceil(target * (elapsed - 0.002)), Math.ceil(target * (elapsed + 0.002)));
        }
    }

    @Test
    void recipe3UnionsFoundedPerStreet() throws Exception {
        assertThat(run(recipe(3)).rows())
                .containsExactly(
                        row("xixing", "西兴街道", "410", "400", "1.025", "6", "416"),
                        row("changhe", "长河街道", "300", "300", "1", "4", "304"),
                        row("puyan", "浦沿街道", "230", "224", "1.027", "2", "232"),
                        row("district_level", "区总本级", "9", NULL, NULL, "0", "9"));
    }

    @Test
    void recipe4MembersMonthByMonth() throws Exception {
        assertThat(run(recipe(4)).rows())
                .containsExactly(
                        row(month(2), "400", "30", "370"),
                        row(month(1), "520", "25", "495"),
                        row(month(0), "180", "10", "170"));
    }

    @Test
    void recipe5OneKpiDayByDayWithTheEmptyDaysFilled() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int back = 29; back >= 0; back--)
            expected.put(today.minusDays(back).toString(), "0");
        expected.put(today.minusDays(29).toString(), "7");
        expected.put(today.minusDays(3).toString(), "25");
        expected.put(today.toString(), "12");
        List<List<String>> rows = new ArrayList<>();
        expected.forEach((day, value) -> rows.add(row(day, value)));
        assertThat(run(recipe(5)).rows()).containsExactlyElementsOf(rows);
    }

    @Test
    void recipe6NewFormsOfEmployment() throws Exception {
        assertThat(run(recipe(6)).rows())
                .containsExactly(
                        row("food_delivery_rider", "外卖送餐员", "5", "860"),
                        row("courier", "快递员", "3", "420"),
                        row("ride_hailing_driver", "网约车司机", "2", "300"),
                        row("live_streamer", "网络主播", "1", "80"),
                        row("online_writer", "网络作家", "1", "45"));
    }

    @Test
    void recipe7TrainingFunnelBySkillLevel() throws Exception {
        assertThat(run(recipe(7)).rows())
                .containsExactly(
                        row("junior", "初级", "200", "160", "150", "80", "93.8"),
                        row("intermediate", "中级", "150", "120", "110", "80", "91.7"),
                        row("senior", "高级", "100", "70", "60", "70", "85.7"),
                        row("technician", "技师", "30", "20", "15", "66.7", "75"),
                        row("senior_technician", "高级技师", "10", "5", "4", "50", "80"),
                        row("unspecified", "未注明", "10", "4", "0", "40", "0"));
    }

    @Test
    void recipe8AidPaidByCategory() throws Exception {
        assertThat(run(recipe(8)).rows())
                .containsExactly(
                        row("hardship", "助困", "20", "95000", "4750", "38.5"),
                        row("medical", "助医", "12", "72000", "6000", "29.1"),
                        row("education", "助学", "10", "40000", "4000", "16.2"),
                        row("reverse_feeding", "反哺", "6", "24000", "4000", "9.7"),
                        row("emergency", "应急", "4", "16000", "4000", "6.5"));
    }

    @Test
    void recipe9LegalServicesNorthAndSouthOfTheRiver() throws Exception {
        assertThat(run(recipe(9)).rows())
                .containsExactly(row("jiangbei", "江北", "0", "130"), row("jiangnan", "江南", "17", "110"));
    }

    @Test
    void recipe10LargeAidPaymentsThisMonth() throws Exception {
        String m0 = month(0);
        assertThat(run(recipe(10)).rows())
                .containsExactly(
                        row(
                                m0 + " 10:15:00",
                                "长河街道",
                                "hardship",
                                "H-0031",
                                "12000",
                                "aid-portal",
                                "00000000-0000-4000-8000-0000000a1002"),
                        row(
                                m0 + " 09:30:00",
                                "西兴街道",
                                "medical",
                                "H-0012",
                                "8000",
                                "aid-portal",
                                "00000000-0000-4000-8000-0000000a1001"),
                        row(
                                m0 + " 14:45:00",
                                "区总本级",
                                "emergency",
                                "H-0040",
                                "6500",
                                "aid-portal",
                                "00000000-0000-4000-8000-0000000a1004"));
    }

    @Test
    void recipe11CraftsmenNamedThisYear() throws Exception {
        String m0 = month(0);
        assertThat(run(recipe(11)).rows())
                .containsExactly(
                        row(
                                m0 + " 10:00:00",
                                "西兴街道",
                                "滨江工匠",
                                "information_software",
                                "24",
                                "杭州示例网络科技有限公司",
                                PSEUDONYM_1),
                        row(m0 + " 10:30:00", "浦沿街道", "滨江工匠", "advanced_manufacturing", "3", "", PSEUDONYM_2));
    }

    @Test
    void recipe12RejectedInTheLastDayByReason() throws Exception {
        assertThat(run(recipe(12)).rows())
                .containsExactly(
                        row(
                                "invalid_field:worker_id",
                                "enrollment",
                                "3",
                                hoursAgo(3),
                                hoursAgo(1),
                                "enrollment MEMBER_JOINED: worker_id fails the check character (ISO 7064 MOD 11-2)"),
                        row(
                                "undecodable",
                                "training",
                                "2",
                                hoursAgo(4),
                                hoursAgo(4),
                                "message of 14 bytes starts 7b 22, not the Avro single-object marker c3 01"),
                        row(
                                "too_large",
                                "competition",
                                "1",
                                hoursAgo(6),
                                hoursAgo(6),
                                "the record is 2097152 bytes, over the limit of 1048576 (kpi.max-record-size); not decoded, its first 1024 bytes kept"),
                        row(
                                "unknown_street",
                                "aid",
                                "1",
                                hoursAgo(2),
                                hoursAgo(2),
                                "aid AID_PAID: street puyan is not in the streets reference data"),
                        row(
                                "wrong_stream",
                                "aid",
                                "1",
                                hoursAgo(2),
                                hoursAgo(2),
                                "topic aid carries an event of stream legal, whose topic is legal"));
    }

    // ---- the dataset ---------------------------------------------------------------------------------

    private static final String PSEUDONYM_1 = "a3f0c2d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1";
    private static final String PSEUDONYM_2 = "5b1e9c7a3d2f4e6a8c0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c";

    /**
     * The current rows. {Y} this year, {PY} last year, {Y0}/{PY0} their 1 January, {Mk} the 1st of the month k
     * months ago, {Dk} k days ago, {NOW} now, {Hk} k hours ago (Beijing time).
     */
    private static final String DATASET = """
            INSERT INTO streets (code, name_zh, name_en, river_side) VALUES
                ('xixing', '西兴街道', 'Xixing', 'jiangnan'), ('changhe', '长河街道', 'Changhe', 'jiangnan'),
                ('puyan', '浦沿街道', 'Puyan', 'jiangnan');
            INSERT INTO employment_forms (code, name_zh, name_en, new_form) VALUES
                ('standard', '标准就业', 'Standard employment', false), ('ride_hailing_driver', '网约车司机', 'Ride-hailing driver', true),
                ('food_delivery_rider', '外卖送餐员', 'Food-delivery rider', true), ('courier', '快递员', 'Courier', true),
                ('online_writer', '网络作家', 'Online writer', true), ('live_streamer', '网络主播', 'Live streamer', true);
            INSERT INTO enterprises (credit_code, name, street_code, industry_code, employee_count) VALUES
                ('91330108MA2H0XYZ1A', '杭州示例网络科技有限公司', 'xixing', 'digital_economy', 420);
            INSERT INTO targets (year, kpi_id, street, target, note) VALUES
                ({Y}, 'unions_founded_realname', '', 924, ''), ({Y}, 'unions_founded_realname', 'xixing', 400, ''),
                ({Y}, 'unions_founded_realname', 'changhe', 300, ''), ({Y}, 'unions_founded_realname', 'puyan', 224, ''),
                ({Y}, 'orgs_digitised', '', 360, ''), ({Y}, 'orgs_digitised', 'xixing', 120, ''),
                ({Y}, 'orgs_digitised', 'changhe', 120, ''), ({Y}, 'orgs_digitised', 'puyan', 120, ''),
                ({Y}, 'unions_founded_new_form', '', 9, ''), ({Y}, 'members_joined', '', 5000, ''),
                ({Y}, 'trainings_completed', '', 360, ''), ({Y}, 'certificates_earned', '', 320, ''),
                ({Y}, 'craftsmen_named', '', 10, ''), ({Y}, 'aid_funds_raised_cny', '', 700000, ''),
                ({Y}, 'legal_packages_granted', '', 15, ''), ({PY}, 'craftsmen_named', '', 8, '');
            INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) VALUES
                ('unions_founded_realname', 'year', '{Y0}', '', '', '', '', 949, 949, '{NOW}'),
                ('unions_founded_realname', 'year', '{Y0}', 'xixing', '', '', '', 410, 410, '{NOW}'),
                ('unions_founded_realname', 'year', '{Y0}', 'changhe', '', '', '', 300, 300, '{NOW}'),
                ('unions_founded_realname', 'year', '{Y0}', 'puyan', '', '', '', 230, 230, '{NOW}'),
                ('unions_founded_realname', 'year', '{Y0}', 'district_level', '', '', '', 9, 9, '{NOW}'),
                ('unions_founded_realname', 'year', '{Y0}', 'xixing', 'digital_economy', '', '', 300, 300, '{NOW}'),
                ('unions_founded_realname', 'year', '{Y0}', '', 'digital_economy', '', '', 600, 600, '{NOW}'),
                ('unions_founded_new_form', 'year', '{Y0}', '', '', '', '', 12, 12, '{NOW}'),
                ('unions_founded_new_form', 'year', '{Y0}', 'xixing', '', '', '', 6, 6, '{NOW}'),
                ('unions_founded_new_form', 'year', '{Y0}', 'changhe', '', '', '', 4, 4, '{NOW}'),
                ('unions_founded_new_form', 'year', '{Y0}', 'puyan', '', '', '', 2, 2, '{NOW}'),
                ('unions_founded_new_form', 'year', '{Y0}', '', '', 'food_delivery_rider', '', 5, 5, '{NOW}'),
                ('unions_founded_new_form', 'year', '{Y0}', '', '', 'courier', '', 3, 3, '{NOW}'),
                ('unions_founded_new_form', 'year', '{Y0}', '', '', 'ride_hailing_driver', '', 2, 2, '{NOW}'),
                ('unions_founded_new_form', 'year', '{Y0}', '', '', 'live_streamer', '', 1, 1, '{NOW}'),
                ('unions_founded_new_form', 'year', '{Y0}', '', '', 'online_writer', '', 1, 1, '{NOW}'),
                ('unions_founded_new_form', 'year', '{Y0}', 'xixing', '', 'food_delivery_rider', '', 3, 3, '{NOW}'),
                ('unions_founded_new_form', 'year', '{PY0}', '', '', '', '', 7, 7, '{NOW}'),
                ('orgs_digitised', 'year', '{Y0}', '', '', '', '', 370, 370, '{NOW}'),
                ('orgs_digitised', 'year', '{Y0}', 'xixing', '', '', '', 200, 200, '{NOW}'),
                ('orgs_digitised', 'year', '{Y0}', 'puyan', '', '', '', 170, 170, '{NOW}'),
                ('members_joined', 'year', '{Y0}', '', '', '', '', 5200, 5200, '{NOW}'),
                ('members_joined', 'year', '{Y0}', '', '', 'standard', '', 3495, 3495, '{NOW}'),
                ('members_joined', 'year', '{Y0}', '', '', 'food_delivery_rider', '', 860, 860, '{NOW}'),
                ('members_joined', 'year', '{Y0}', '', '', 'courier', '', 420, 420, '{NOW}'),
                ('members_joined', 'year', '{Y0}', '', '', 'ride_hailing_driver', '', 300, 300, '{NOW}'),
                ('members_joined', 'year', '{Y0}', '', '', 'live_streamer', '', 80, 80, '{NOW}'),
                ('members_joined', 'year', '{Y0}', '', '', 'online_writer', '', 45, 45, '{NOW}'),
                ('members_joined', 'year', '{Y0}', '', 'modern_services', 'food_delivery_rider', '', 500, 500, '{NOW}'),
                ('members_left', 'year', '{Y0}', '', '', '', '', 300, 300, '{NOW}'),
                ('members_net', 'year', '{Y0}', '', '', '', '', 4900, 5500, '{NOW}'),
                ('members_joined', 'month', '{M12}', '', '', '', '', 999, 999, '{NOW}'),
                ('members_joined', 'month', '{M2}', '', '', '', '', 400, 400, '{NOW}'),
                ('members_left', 'month', '{M2}', '', '', '', '', 30, 30, '{NOW}'),
                ('members_net', 'month', '{M2}', '', '', '', '', 370, 430, '{NOW}'),
                ('members_joined', 'month', '{M1}', '', '', '', '', 520, 520, '{NOW}'),
                ('members_left', 'month', '{M1}', '', '', '', '', 25, 25, '{NOW}'),
                ('members_net', 'month', '{M1}', '', '', '', '', 495, 545, '{NOW}'),
                ('members_joined', 'month', '{M0}', '', '', '', '', 180, 180, '{NOW}'),
                ('members_joined', 'month', '{M0}', 'xixing', '', '', '', 90, 90, '{NOW}'),
                ('members_left', 'month', '{M0}', '', '', '', '', 10, 10, '{NOW}'),
                ('members_net', 'month', '{M0}', '', '', '', '', 170, 190, '{NOW}'),
                ('members_joined', 'day', '{D30}', '', '', '', '', 99, 99, '{NOW}'),
                ('members_joined', 'day', '{D29}', '', '', '', '', 7, 7, '{NOW}'),
                ('members_joined', 'day', '{D3}', '', '', '', '', 25, 25, '{NOW}'),
                ('members_joined', 'day', '{D0}', '', '', '', '', 12, 12, '{NOW}'),
                ('members_joined', 'day', '{D0}', 'xixing', '', '', '', 5, 5, '{NOW}'),
                ('trainings_started', 'year', '{Y0}', '', '', '', '', 500, 500, '{NOW}'),
                ('trainings_completed', 'year', '{Y0}', '', '', '', '', 379, 379, '{NOW}'),
                ('certificates_earned', 'year', '{Y0}', '', '', '', '', 339, 339, '{NOW}'),
                ('trainings_started', 'year', '{Y0}', '', '', '', 'junior', 200, 200, '{NOW}'),
                ('trainings_completed', 'year', '{Y0}', '', '', '', 'junior', 160, 160, '{NOW}'),
                ('certificates_earned', 'year', '{Y0}', '', '', '', 'junior', 150, 150, '{NOW}'),
                ('trainings_started', 'year', '{Y0}', '', '', '', 'intermediate', 150, 150, '{NOW}'),
                ('trainings_completed', 'year', '{Y0}', '', '', '', 'intermediate', 120, 120, '{NOW}'),
                ('certificates_earned', 'year', '{Y0}', '', '', '', 'intermediate', 110, 110, '{NOW}'),
                ('trainings_started', 'year', '{Y0}', '', '', '', 'senior', 100, 100, '{NOW}'),
                ('trainings_completed', 'year', '{Y0}', '', '', '', 'senior', 70, 70, '{NOW}'),
                ('certificates_earned', 'year', '{Y0}', '', '', '', 'senior', 60, 60, '{NOW}'),
                ('trainings_started', 'year', '{Y0}', '', '', '', 'technician', 30, 30, '{NOW}'),
                ('trainings_completed', 'year', '{Y0}', '', '', '', 'technician', 20, 20, '{NOW}'),
                ('certificates_earned', 'year', '{Y0}', '', '', '', 'technician', 15, 15, '{NOW}'),
                ('trainings_started', 'year', '{Y0}', '', '', '', 'senior_technician', 10, 10, '{NOW}'),
                ('trainings_completed', 'year', '{Y0}', '', '', '', 'senior_technician', 5, 5, '{NOW}'),
                ('certificates_earned', 'year', '{Y0}', '', '', '', 'senior_technician', 4, 4, '{NOW}'),
                ('trainings_started', 'year', '{Y0}', '', '', '', 'unspecified', 10, 10, '{NOW}'),
                ('trainings_completed', 'year', '{Y0}', '', '', '', 'unspecified', 4, 4, '{NOW}'),
                ('trainings_started', 'year', '{Y0}', 'xixing', '', '', 'junior', 80, 80, '{NOW}'),
                ('trainings_completed', 'year', '{Y0}', '', '', 'courier', 'junior', 30, 30, '{NOW}'),
                ('aid_funds_raised_cny', 'year', '{Y0}', '', '', '', '', 784000, 12, '{NOW}'),
                ('aid_funds_raised_cny', 'year', '{Y0}', 'district_level', '', '', '', 784000, 12, '{NOW}'),
                ('aid_households', 'year', '{Y0}', '', '', '', '', 52, 52, '{NOW}'),
                ('aid_paid_cny', 'year', '{Y0}', '', '', '', '', 247000, 52, '{NOW}'),
                ('aid_households', 'year', '{Y0}', '', '', '', 'hardship', 20, 20, '{NOW}'),
                ('aid_paid_cny', 'year', '{Y0}', '', '', '', 'hardship', 95000, 20, '{NOW}'),
                ('aid_households', 'year', '{Y0}', '', '', '', 'medical', 12, 12, '{NOW}'),
                ('aid_paid_cny', 'year', '{Y0}', '', '', '', 'medical', 72000, 12, '{NOW}'),
                ('aid_households', 'year', '{Y0}', '', '', '', 'education', 10, 10, '{NOW}'),
                ('aid_paid_cny', 'year', '{Y0}', '', '', '', 'education', 40000, 10, '{NOW}'),
                ('aid_households', 'year', '{Y0}', '', '', '', 'reverse_feeding', 6, 6, '{NOW}'),
                ('aid_paid_cny', 'year', '{Y0}', '', '', '', 'reverse_feeding', 24000, 6, '{NOW}'),
                ('aid_households', 'year', '{Y0}', '', '', '', 'emergency', 4, 4, '{NOW}'),
                ('aid_paid_cny', 'year', '{Y0}', '', '', '', 'emergency', 16000, 4, '{NOW}'),
                ('aid_paid_cny', 'year', '{Y0}', 'xixing', '', '', 'hardship', 30000, 6, '{NOW}'),
                ('legal_packages_granted', 'year', '{Y0}', '', '', '', '', 17, 17, '{NOW}'),
                ('legal_packages_granted', 'year', '{Y0}', 'xixing', '', '', '', 7, 7, '{NOW}'),
                ('legal_packages_granted', 'year', '{Y0}', 'changhe', '', '', '', 6, 6, '{NOW}'),
                ('legal_packages_granted', 'year', '{Y0}', 'puyan', '', '', '', 4, 4, '{NOW}'),
                ('legal_packages_granted', 'year', '{Y0}', 'xixing', 'digital_economy', '', '', 5, 5, '{NOW}'),
                ('legal_packages_granted', 'year', '{PY0}', 'xixing', '', '', '', 9, 9, '{NOW}'),
                ('legal_group_enterprises', 'year', '{PY0}', '', '', '', '', 150, 150, '{NOW}'),
                ('legal_group_enterprises', 'year', '{PY0}', '', '', '', 'jiangbei', 80, 80, '{NOW}'),
                ('legal_group_enterprises', 'year', '{PY0}', '', '', '', 'jiangnan', 70, 70, '{NOW}'),
                ('legal_group_enterprises', 'year', '{Y0}', '', '', '', '', 90, 90, '{NOW}'),
                ('legal_group_enterprises', 'year', '{Y0}', '', '', '', 'jiangbei', 50, 50, '{NOW}'),
                ('legal_group_enterprises', 'year', '{Y0}', '', '', '', 'jiangnan', 40, 40, '{NOW}'),
                ('legal_group_enterprises', 'year', '{Y0}', 'xixing', '', '', 'jiangnan', 25, 25, '{NOW}');
            INSERT INTO aid_events (event_id, occurred_at, source_system, street, enterprise_credit_code, worker_pseudonym,
                                    industry, employment_form, event_type, amount_cny, category, household_id, ingested_at) VALUES
                ('00000000-0000-4000-8000-0000000a1001', '{M0} 09:30:00', 'aid-portal', 'xixing', NULL, NULL, '', '', 'aid_paid', 8000.00, 'medical', 'H-0012', '{NOW}'),
                ('00000000-0000-4000-8000-0000000a1002', '{M0} 10:15:00', 'aid-portal', 'changhe', NULL, NULL, '', '', 'aid_paid', 12000.00, 'hardship', 'H-0031', '{NOW}'),
                ('00000000-0000-4000-8000-0000000a1003', '{M0} 11:00:00', 'aid-portal', 'puyan', NULL, NULL, '', '', 'aid_paid', 3000.00, 'education', 'H-0007', '{NOW}'),
                ('00000000-0000-4000-8000-0000000a1004', '{M0} 14:45:00', 'aid-portal', '', NULL, NULL, '', '', 'aid_paid', 6500.00, 'emergency', 'H-0040', '{NOW}'),
                ('00000000-0000-4000-8000-0000000a1005', '{M1} 16:00:00', 'aid-portal', 'xixing', NULL, NULL, '', '', 'aid_paid', 20000.00, 'medical', 'H-0012', '{NOW}'),
                ('00000000-0000-4000-8000-0000000a1006', '{M0} 08:00:00', 'aid-portal', '', NULL, NULL, '', '', 'funds_raised', 50000.00, '', NULL, '{NOW}');
            INSERT INTO competition_events (event_id, occurred_at, source_system, street, enterprise_credit_code, worker_pseudonym,
                                            industry, employment_form, event_type, competition_id, field, placing, award_rank, title,
                                            invention_patents, ingested_at) VALUES
                ('00000000-0000-4000-8000-0000000c2001', '{M0} 10:00:00', 'craftsman-registry', 'xixing', '91330108MA2H0XYZ1A', '{P1}',
                 'digital_economy', 'standard', 'craftsman_named', NULL, 'information_software', NULL, '', '滨江工匠', 24, '{NOW}'),
                ('00000000-0000-4000-8000-0000000c2002', '{M0} 10:30:00', 'craftsman-registry', 'puyan', NULL, '{P2}',
                 'advanced_manufacturing', 'standard', 'craftsman_named', NULL, 'advanced_manufacturing', NULL, '', '滨江工匠', 3, '{NOW}'),
                ('00000000-0000-4000-8000-0000000c2003', '{PY0} 10:00:00', 'craftsman-registry', 'changhe', NULL, '{P3}',
                 'modern_services', 'standard', 'craftsman_named', NULL, 'modern_services', NULL, '', '滨江工匠', 11, '{NOW}'),
                ('00000000-0000-4000-8000-0000000c2004', '{M0} 09:00:00', 'competition-portal', 'xixing', NULL, '{P3}',
                 'digital_economy', 'standard', 'participant_registered', 'C-01', 'cybersecurity', NULL, '', NULL, NULL, '{NOW}');
            INSERT INTO rejected_events (reason, detail, topic, partition, offset, rejected_at, payload_base64) VALUES
                ('invalid_field:worker_id', 'enrollment MEMBER_JOINED: worker_id fails the check character (ISO 7064 MOD 11-2)', 'enrollment', 0, 101, '{H1}', ''),
                ('invalid_field:worker_id', 'enrollment MEMBER_JOINED: worker_id has no real birth date (characters 7-14, 1900 to today)', 'enrollment', 1, 57, '{H3}', ''),
                ('invalid_field:worker_id', 'enrollment MEMBER_JOINED: worker_id fails the check character (ISO 7064 MOD 11-2)', 'enrollment', 2, 88, '{H2}', ''),
                ('undecodable', 'message of 14 bytes starts 7b 22, not the Avro single-object marker c3 01', 'training', 0, 12, '{H4}', ''),
                ('undecodable', 'message of 14 bytes starts 7b 22, not the Avro single-object marker c3 01', 'training', 0, 13, '{H4}', ''),
                ('too_large', 'the record is 2097152 bytes, over the limit of 1048576 (kpi.max-record-size); not decoded, its first 1024 bytes kept', 'competition', 0, 7, '{H6}', ''),
                ('unknown_street', 'aid AID_PAID: street puyan is not in the streets reference data', 'aid', 3, 9, '{H2}', ''),
                ('wrong_stream', 'topic aid carries an event of stream legal, whose topic is legal', 'aid', 1, 40, '{H2}', ''),
                ('too_late', 'occurred 40 days before the watermark', 'legal', 0, 5, '{H30}', '');
            """;

    /** Older versions of KPI cells, a re-sent aid and craftsman event, a record rejected again: what FINAL hides. */
    private static final String SUPERSEDED = """
            INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) VALUES
                ('unions_founded_realname', 'year', '{Y0}', '', '', '', '', 900, 900, '{H5}'),
                ('unions_founded_realname', 'year', '{Y0}', 'xixing', '', '', '', 380, 380, '{H5}'),
                ('orgs_digitised', 'year', '{Y0}', '', '', '', '', 350, 350, '{H5}'),
                ('members_joined', 'month', '{M0}', '', '', '', '', 150, 150, '{H5}'),
                ('members_joined', 'day', '{D0}', '', '', '', '', 10, 10, '{H5}'),
                ('trainings_completed', 'year', '{Y0}', '', '', '', 'junior', 140, 140, '{H5}'),
                ('aid_paid_cny', 'year', '{Y0}', '', '', '', 'hardship', 90000, 19, '{H5}'),
                ('legal_group_enterprises', 'year', '{Y0}', '', '', '', 'jiangbei', 45, 45, '{H5}');
            INSERT INTO aid_events (event_id, occurred_at, source_system, street, enterprise_credit_code, worker_pseudonym,
                                    industry, employment_form, event_type, amount_cny, category, household_id, ingested_at) VALUES
                ('00000000-0000-4000-8000-0000000a1002', '{M0} 10:15:00', 'aid-portal', 'changhe', NULL, NULL, '', '', 'aid_paid', 12000.00, 'hardship', 'H-0031', '{H5}');
            INSERT INTO competition_events (event_id, occurred_at, source_system, street, enterprise_credit_code, worker_pseudonym,
                                            industry, employment_form, event_type, competition_id, field, placing, award_rank, title,
                                            invention_patents, ingested_at) VALUES
                ('00000000-0000-4000-8000-0000000c2001', '{M0} 10:00:00', 'craftsman-registry', 'xixing', '91330108MA2H0XYZ1A', '{P1}',
                 'digital_economy', 'standard', 'craftsman_named', NULL, 'information_software', NULL, '', '滨江工匠', 24, '{H5}');
            INSERT INTO rejected_events (reason, detail, topic, partition, offset, rejected_at, payload_base64) VALUES
                ('invalid_field:worker_id', 'enrollment MEMBER_JOINED: worker_id fails the check character (ISO 7064 MOD 11-2)', 'enrollment', 0, 101, '{H5}', '');
            """;

    private static List<String> statements(String script) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("{Y}", String.valueOf(today.getYear()));
        values.put("{PY}", String.valueOf(today.getYear() - 1));
        values.put("{Y0}", today.withDayOfYear(1).toString());
        values.put("{PY0}", today.withDayOfYear(1).minusYears(1).toString());
        for (int k : new int[] {0, 1, 2, 12}) values.put("{M" + k + "}", month(k));
        for (int k : new int[] {0, 3, 29, 30})
            values.put("{D" + k + "}", today.minusDays(k).toString());
        values.put("{NOW}", now.format(SECONDS));
        for (int k : new int[] {1, 2, 3, 4, 5, 6, 30}) values.put("{H" + k + "}", hoursAgo(k));
        values.put("{P1}", PSEUDONYM_1);
        values.put("{P2}", PSEUDONYM_2);
        values.put("{P3}", "0c2e4a6b8d1f3a5c7e9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c");
        String sql = script;
        for (Map.Entry<String, String> e : values.entrySet()) sql = sql.replace(e.getKey(), e.getValue());
        assertThat(sql).as("every placeholder replaced").doesNotContainPattern("\\{[A-Z]+\\d*\\}");
        return Arrays.stream(sql.split(";\\s*\\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static List<Recipe> parse(String doc) {
        List<Recipe> parsed = new ArrayList<>();
        Matcher m = RECIPE_HEADING.matcher(doc);
        while (m.find()) {
            Matcher next = SECTION_HEADING.matcher(doc);
            int end = next.find(m.end()) ? next.start() : doc.length();
            parsed.add(new Recipe(Integer.parseInt(m.group(1)), m.group(2).strip(), doc.substring(m.start(), end)));
        }
        return parsed;
    }

    private static Recipe recipe(int number) {
        return recipes.stream()
                .filter(r -> r.number() == number)
                .findFirst()
                .orElseThrow(() -> new AssertionError("docs/sql-examples.md has no recipe " + number));
    }

    /** Runs the recipe's query exactly as documented; numbers without trailing zeros, NULL as "NULL". */
    private static Result run(Recipe recipe) throws SQLException {
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(recipe.query())) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) columns.add(meta.getColumnLabel(i));
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) row.add(text(rs, i));
                rows.add(row);
            }
            return new Result(columns, rows);
        } catch (SQLException e) {
            throw new SQLException(
                    "recipe " + recipe.number() + " '" + recipe.title() + "' failed: " + e.getMessage(), e);
        }
    }

    private static String text(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) return NULL;
        if (value instanceof Number n)
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        String text = rs.getString(column);
        // DateTime64(3): compare to the second, whatever the driver's rendering of the fraction
        Matcher time = DATE_TIME.matcher(text);
        return time.matches() ? time.group(1) + " " + time.group(2) : text;
    }

    private static List<List<String>> firstColumns(Result result, int n) {
        return result.rows().stream().map(r -> r.subList(0, n)).toList();
    }

    private static List<String> row(String... values) {
        return List.of(values);
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String month(int back) {
        return today.withDayOfMonth(1).minusMonths(back).toString();
    }

    private static String hoursAgo(int hours) {
        return now.minusHours(hours).format(SECONDS);
    }

    /**
     * The share of the Beijing year gone by the data clock, as kpi_progress computes it: the dataset's newest event is
     * the aid payment 0a1004 at {M0} 14:45.
     */
    private static double elapsedShareOfTheYear() {
        LocalDateTime start = today.withDayOfYear(1).atStartOfDay();
        LocalDateTime clock = today.withDayOfMonth(1).atTime(14, 45);
        double length = Duration.between(start, start.plusYears(1)).toMillis();
        return Duration.between(start, clock).toMillis() / length;
    }

    /** Now in Beijing, to the second; just after midnight if it is about to strike, so no bucket changes mid-test. */
    private static LocalDateTime beijingNowAwayFromMidnight() throws InterruptedException {
        LocalDateTime t = LocalDateTime.now(BEIJING);
        if (t.toLocalTime().isAfter(LocalTime.of(23, 57))) {
            Thread.sleep(Duration.between(t, t.toLocalDate().plusDays(1).atTime(0, 0, 5))
                    .toMillis());
            t = LocalDateTime.now(BEIJING);
        }
        return t.truncatedTo(ChronoUnit.SECONDS);
    }
}
