package cn.binjiang.union.seeds.truth;

import cn.binjiang.union.schema.avro.AidEvent;
import cn.binjiang.union.schema.avro.AidEventType;
import cn.binjiang.union.schema.avro.CompetitionEvent;
import cn.binjiang.union.schema.avro.CompetitionEventType;
import cn.binjiang.union.schema.avro.EnrollmentEvent;
import cn.binjiang.union.schema.avro.EnrollmentEventType;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.schema.avro.LegalEvent;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.avro.TrainingEventType;
import cn.binjiang.union.schema.avro.UnionKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The expected value of every KPI cell for a set of events, computed here from the meaning of each
 * KPI written out by hand, independently of the job's catalog and fan-out: it is what the job's
 * results are checked against, so it must not share their code.
 *
 * <p>Only the live slices are kept (the district, each dimension alone, the street with one other).
 * Cells are keyed {@code kpi|grain|first day of period|street|industry|employment_form|category}
 * with {@code ''} for "all", values in hundredths (分, 0.01 h, 1/100 count).
 */
public final class GroundTruth {
    // The calendar's zone and the grains are written out here again on purpose, not taken from the contracts'
    // KpiCalendar and Grain: a mistake made there must show as a disagreement with this oracle, not be shared by it.
    private static final ZoneId CALENDAR = ZoneId.of("Asia/Shanghai");
    private static final String[] GRAINS = {"day", "month", "year"};
    private static final long ONE = 100;

    /** The columns a dimension lands in; every category dimension shares one column. */
    private enum Column {
        STREET,
        INDUSTRY,
        EMPLOYMENT_FORM,
        CATEGORY
    }

    private record Dim(Column column, Function<SpecificRecordBase, Enum<?>> value) {}

    private record Rule(
            String kpi,
            Predicate<SpecificRecordBase> counts,
            ToLongFunction<SpecificRecordBase> delta,
            List<Dim> dims) {}

    private static final Dim STREET = new Dim(Column.STREET, e -> envelope(e).getStreet());
    private static final Dim INDUSTRY =
            new Dim(Column.INDUSTRY, e -> envelope(e).getIndustry());
    private static final Dim FORM =
            new Dim(Column.EMPLOYMENT_FORM, e -> envelope(e).getEmploymentForm());
    private static final Dim SKILL_LEVEL = new Dim(Column.CATEGORY, e -> ((TrainingEvent) e).getSkillLevel());
    private static final Dim FIELD = new Dim(Column.CATEGORY, e -> ((CompetitionEvent) e).getField());
    private static final Dim AID_CATEGORY = new Dim(Column.CATEGORY, e -> ((AidEvent) e).getCategory());
    private static final Dim GROUP_AREA = new Dim(Column.CATEGORY, e -> ((LegalEvent) e).getGroupArea());
    private static final Dim OUTCOME = new Dim(Column.CATEGORY, e -> ((LegalEvent) e).getMediationOutcome());

    private static final ToLongFunction<SpecificRecordBase> COUNT = e -> ONE;

    private static final List<Rule> RULES = List.of(
            new Rule(
                    "unions_founded_realname",
                    e -> enrollment(e, EnrollmentEventType.UNION_FOUNDED)
                            && ((EnrollmentEvent) e).getUnionKind() == UnionKind.REAL_NAME,
                    COUNT,
                    List.of(STREET, INDUSTRY)),
            new Rule(
                    "unions_founded_new_form",
                    e -> enrollment(e, EnrollmentEventType.UNION_FOUNDED)
                            && ((EnrollmentEvent) e).getUnionKind() == UnionKind.NEW_FORM,
                    COUNT,
                    List.of(STREET, FORM)),
            new Rule(
                    "orgs_digitised",
                    e -> enrollment(e, EnrollmentEventType.ORG_DIGITISED),
                    COUNT,
                    List.of(STREET, INDUSTRY)),
            new Rule(
                    "members_joined",
                    e -> enrollment(e, EnrollmentEventType.MEMBER_JOINED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FORM)),
            new Rule(
                    "members_left",
                    e -> enrollment(e, EnrollmentEventType.MEMBER_LEFT),
                    COUNT,
                    List.of(STREET, INDUSTRY, FORM)),
            new Rule(
                    "members_net",
                    e -> enrollment(e, EnrollmentEventType.MEMBER_JOINED)
                            || enrollment(e, EnrollmentEventType.MEMBER_LEFT),
                    e -> enrollment(e, EnrollmentEventType.MEMBER_LEFT) ? -ONE : ONE,
                    List.of(STREET, INDUSTRY, FORM)),
            new Rule(
                    "trainings_started",
                    e -> training(e, TrainingEventType.COURSE_ENROLLED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FORM, SKILL_LEVEL)),
            new Rule(
                    "trainings_completed",
                    e -> training(e, TrainingEventType.COURSE_COMPLETED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FORM, SKILL_LEVEL)),
            new Rule(
                    "training_hours",
                    e -> training(e, TrainingEventType.COURSE_COMPLETED)
                            || training(e, TrainingEventType.COURSE_DROPPED),
                    e -> hundredths(((TrainingEvent) e).getHours()),
                    List.of(STREET, INDUSTRY, FORM, SKILL_LEVEL)),
            new Rule(
                    "certificates_earned",
                    e -> training(e, TrainingEventType.CERTIFICATE_EARNED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FORM, SKILL_LEVEL)),
            new Rule(
                    "competitions_held",
                    e -> competition(e, CompetitionEventType.COMPETITION_OPENED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FIELD)),
            new Rule(
                    "competition_participants",
                    e -> competition(e, CompetitionEventType.PARTICIPANT_REGISTERED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FORM, FIELD)),
            new Rule(
                    "awards_granted",
                    e -> competition(e, CompetitionEventType.AWARD_GRANTED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FIELD)),
            new Rule(
                    "craftsmen_named",
                    e -> competition(e, CompetitionEventType.CRAFTSMAN_NAMED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FIELD)),
            new Rule(
                    "innovation_studios_named",
                    e -> competition(e, CompetitionEventType.INNOVATION_STUDIO_NAMED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FIELD)),
            new Rule(
                    "aid_funds_raised_cny",
                    e -> aid(e, AidEventType.FUNDS_RAISED),
                    e -> hundredths(((AidEvent) e).getAmountCny()),
                    List.of(STREET)),
            new Rule("aid_households", e -> aid(e, AidEventType.AID_PAID), COUNT, List.of(STREET, AID_CATEGORY)),
            new Rule(
                    "aid_paid_cny",
                    e -> aid(e, AidEventType.AID_PAID),
                    e -> hundredths(((AidEvent) e).getAmountCny()),
                    List.of(STREET, AID_CATEGORY)),
            new Rule(
                    "legal_packages_granted",
                    e -> legal(e, LegalEventType.LEGAL_PACKAGE_GRANTED),
                    COUNT,
                    List.of(STREET, INDUSTRY)),
            new Rule(
                    "legal_group_enterprises",
                    e -> legal(e, LegalEventType.LEGAL_GROUP_JOINED),
                    COUNT,
                    List.of(STREET, INDUSTRY, GROUP_AREA)),
            new Rule(
                    "disputes_received",
                    e -> legal(e, LegalEventType.DISPUTE_RECEIVED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FORM)),
            new Rule(
                    "disputes_mediated",
                    e -> legal(e, LegalEventType.DISPUTE_MEDIATED),
                    COUNT,
                    List.of(STREET, INDUSTRY, FORM, OUTCOME)));

    private final Map<String, Long> cells = new HashMap<>();

    /** Adds one event (each distinct event once: the caller leaves out re-sent copies and rejected records). */
    public void add(SpecificRecordBase event) {
        LocalDate day = LocalDate.ofInstant(envelope(event).getOccurredAt(), CALENDAR);
        LocalDate[] periods = {day, day.withDayOfMonth(1), day.withDayOfYear(1)};
        for (Rule rule : RULES) {
            if (!rule.counts().test(event)) continue;
            long delta = rule.delta().applyAsLong(event);
            String[] values = new String[rule.dims().size()];
            for (int i = 0; i < values.length; i++)
                values[i] = sliceValue(rule.dims().get(i), event);
            for (int g = 0; g < GRAINS.length; g++) {
                for (int mask = 0; mask < 1 << values.length; mask++) {
                    if (!live(rule, mask)) continue;
                    String[] columns = {"", "", "", ""};
                    for (int i = 0; i < values.length; i++) {
                        if ((mask & 1 << i) != 0)
                            columns[rule.dims().get(i).column().ordinal()] = values[i];
                    }
                    cells.merge(
                            String.join(
                                    "|",
                                    rule.kpi(),
                                    GRAINS[g],
                                    periods[g].toString(),
                                    columns[0],
                                    columns[1],
                                    columns[2],
                                    columns[3]),
                            delta,
                            Long::sum);
                }
            }
        }
    }

    /**
     * Whether the job keeps this roll-up as a live cell: the district, one dimension, or the street
     * and one other (written out here again on purpose, not read from the job's LiveSlices).
     */
    private static boolean live(Rule rule, int mask) {
        int others = 0;
        for (int i = 0; i < rule.dims().size(); i++) {
            if ((mask & 1 << i) != 0 && rule.dims().get(i) != STREET) others++;
        }
        return others <= 1;
    }

    /** Every live cell any added event counts in, with its expected value in hundredths. */
    public Map<String, Long> cells() {
        return Map.copyOf(cells);
    }

    /** Lower-case symbol; an absent street is the district union's own (区总本级), any other absent slice "unspecified". */
    private static String sliceValue(Dim dim, SpecificRecordBase event) {
        Enum<?> value = dim.value().apply(event);
        if (value != null) return value.name().toLowerCase(Locale.ROOT);
        return dim == STREET ? "district_level" : "unspecified";
    }

    private static long hundredths(BigDecimal amount) {
        return amount == null ? 0 : amount.movePointRight(2).longValueExact();
    }

    private static Envelope envelope(SpecificRecordBase e) {
        return (Envelope) e.get("envelope");
    }

    private static boolean enrollment(SpecificRecordBase e, EnrollmentEventType type) {
        return e instanceof EnrollmentEvent ev && ev.getEventType() == type;
    }

    private static boolean training(SpecificRecordBase e, TrainingEventType type) {
        return e instanceof TrainingEvent ev && ev.getEventType() == type;
    }

    private static boolean competition(SpecificRecordBase e, CompetitionEventType type) {
        return e instanceof CompetitionEvent ev && ev.getEventType() == type;
    }

    private static boolean aid(SpecificRecordBase e, AidEventType type) {
        return e instanceof AidEvent ev && ev.getEventType() == type;
    }

    private static boolean legal(SpecificRecordBase e, LegalEventType type) {
        return e instanceof LegalEvent ev && ev.getEventType() == type;
    }
}
