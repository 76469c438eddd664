package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.kpi.EventField;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Which optional fields each event type must set, read from the schema docs: what a KPI counts
 * or slices by, and what identifies the thing the event is about. The schema cannot say it
 * (every field but the envelope's core is optional, so that types can share a record).
 *
 * <p>A requirement is a field name, optionally conditional on an enum field of the same event:
 * {@code "enterprise_credit_code unless union_kind=NEW_FORM"}, {@code "employment_form if
 * union_kind=NEW_FORM"}. While the condition's field is itself unset the requirement waits: that
 * field's own requirement reports the problem.
 */
final class RequiredFields {
    private static final Map<String, Map<String, List<String>>> BY_STREAM_AND_TYPE = Map.of(
            "enrollment",
                    Map.of(
                            // a new-form union is founded for a group of platform workers, not at an enterprise
                            "UNION_FOUNDED",
                                    List.of(
                                            "union_id",
                                            "union_kind",
                                            "enterprise_credit_code unless union_kind=NEW_FORM",
                                            "employment_form if union_kind=NEW_FORM"),
                            "ORG_DIGITISED", List.of("union_id"),
                            "MEMBER_JOINED", List.of("worker_id", "union_id"),
                            "MEMBER_TRANSFERRED", List.of("worker_id", "union_id", "transfer_to_union_id"),
                            "MEMBER_LEFT", List.of("worker_id", "union_id")),
            "training",
                    Map.of(
                            "COURSE_ENROLLED", List.of("worker_id", "course_id"),
                            "COURSE_COMPLETED", List.of("worker_id", "course_id", "hours"),
                            // dropping out before the first hour leaves hours unset
                            "COURSE_DROPPED", List.of("worker_id", "course_id"),
                            "CERTIFICATE_EARNED", List.of("worker_id", "skill_level", "certificate_id")),
            "competition",
                    Map.of(
                            "COMPETITION_OPENED", List.of("competition_id", "field"),
                            "PARTICIPANT_REGISTERED", List.of("competition_id", "worker_id"),
                            "RESULT_RECORDED", List.of("competition_id", "worker_id", "placing"),
                            // awards also go to teams, which have no single worker
                            "AWARD_GRANTED", List.of("competition_id", "award_rank"),
                            "CRAFTSMAN_NAMED", List.of("worker_id", "title"),
                            "INNOVATION_STUDIO_NAMED", List.of("title")),
            "aid",
                    Map.of(
                            "FUNDS_RAISED", List.of("amount_cny"),
                            "AID_PAID", List.of("amount_cny", "category", "household_id")),
            "legal",
                    Map.of(
                            "LEGAL_PACKAGE_GRANTED", List.of("enterprise_credit_code"),
                            "LEGAL_GROUP_JOINED", List.of("enterprise_credit_code", "group_area"),
                            "DISPUTE_RECEIVED", List.of("case_id"),
                            // mediation_outcome only since legal v2: v1 events stay valid without it
                            "DISPUTE_MEDIATED", List.of("case_id")));

    private static final Pattern REQUIREMENT = Pattern.compile("(\\w+)(?: (if|unless) (\\w+)=(\\w+))?");

    /** A required field, and when it is required (always if {@code condition} is null). */
    record Requirement(EventField field, EventField condition, String symbol, boolean requiredWhenEqual)
            implements Serializable {

        /** Whether this event must set the field. */
        boolean applies(SpecificRecordBase event) {
            if (condition == null) {
                return true;
            }
            Object value = condition.read(event);
            return value != null && ((Enum<?>) value).name().equals(symbol) == requiredWhenEqual;
        }
    }

    private RequiredFields() {}

    /**
     * The stream's requirements as {@code [event type ordinal][field index]}, field indexes as in
     * {@code fields}; null where a field is not required.
     *
     * @throws IllegalStateException if an event type of the stream has no entry, or an entry names
     *     a field or symbol the stream does not have: caught by the unit tests, never at run time
     */
    static Requirement[][] of(EventStream<?> stream, List<EventField> fields) {
        EventField eventType = EventField.of(stream, "event_type").orElseThrow();
        Map<String, List<String>> byType = BY_STREAM_AND_TYPE.get(stream.name());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            index.put(fields.get(i).name(), i);
        }
        Requirement[][] table = new Requirement[eventType.enumConstants().size()][fields.size()];
        for (Enum<?> type : eventType.enumConstants()) {
            if (type.name().equals("UNKNOWN")) {
                continue;
            }
            List<String> required = byType.get(type.name());
            if (required == null) {
                throw new IllegalStateException("no required fields declared for " + stream + " " + type);
            }
            for (String declaration : required) {
                Requirement requirement = parse(stream, declaration);
                table[type.ordinal()][index.get(requirement.field.name())] = requirement;
            }
        }
        return table;
    }

    private static Requirement parse(EventStream<?> stream, String declaration) {
        Matcher m = REQUIREMENT.matcher(declaration);
        if (!m.matches()) {
            throw new IllegalStateException("cannot read requirement '" + declaration + "'");
        }
        EventField field = field(stream, m.group(1));
        if (m.group(2) == null) {
            return new Requirement(field, null, null, true);
        }
        EventField condition = field(stream, m.group(3));
        if (condition.enumConstant(m.group(4)).isEmpty()) {
            throw new IllegalStateException(condition.name() + " has no symbol " + m.group(4));
        }
        return new Requirement(field, condition, m.group(4), m.group(2).equals("if"));
    }

    private static EventField field(EventStream<?> stream, String name) {
        return EventField.of(stream, name)
                .orElseThrow(() -> new IllegalStateException(stream + " has no field " + name));
    }
}
