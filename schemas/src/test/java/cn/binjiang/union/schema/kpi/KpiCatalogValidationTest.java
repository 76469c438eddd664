package cn.binjiang.union.schema.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.settings.ConfigurationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every mistake the loader refuses names the file, the entry (by its id once read) and the key at fault. */
class KpiCatalogValidationTest {
    /** A valid entry; each case replaces one line of it. */
    private static final String VALID = """
              - id: aid_test
                name_zh: 测试
                name_en: Test
                unit: 元
                stream: aid
                filter:
                  event_type: [AID_PAID]
                  where: {category: MEDICAL}
                measure: {sum: amount_cny}
                dimensions: [street, category]
                target: none
            """;

    private static final String AT = "KPI catalog: kpis[0] (aid_test).";
    private static final String AID_CATEGORIES = "(HARDSHIP, MEDICAL, EDUCATION, REVERSE_FEEDING, EMERGENCY)";

    private static String catalog(String... entries) {
        return "kpis:\n" + String.join("", entries);
    }

    private static String valid(String line, String replacement) {
        if (!VALID.contains(line)) {
            throw new IllegalArgumentException("no line " + line);
        }
        return VALID.replace(line, replacement);
    }

    @Test
    void theValidEntryLoads() {
        KpiCatalog catalog = KpiCatalog.fromYaml(catalog(VALID));
        assertThat(catalog.all()).extracting(KpiDefinition::id).containsExactly("aid_test");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(
                        "unknown stream",
                        valid("stream: aid", "stream: aids"),
                        "stream: unknown stream 'aids' (streams: enrollment, training, competition, aid, legal)"),
                Arguments.of(
                        "unknown event type",
                        valid("[AID_PAID]", "[AID_PAYED]"),
                        "filter.event_type[0]: 'AID_PAYED' is not a symbol of event_type (FUNDS_RAISED, AID_PAID)"),
                Arguments.of(
                        "the reader's fallback symbol",
                        valid("[AID_PAID]", "[UNKNOWN]"),
                        "filter.event_type[0]: 'UNKNOWN' is not a symbol of event_type a producer writes"),
                Arguments.of(
                        "event type of another stream",
                        valid("[AID_PAID]", "[AID_PAID, MEMBER_JOINED]"),
                        "filter.event_type[1]: 'MEMBER_JOINED' is not a symbol of event_type (FUNDS_RAISED, AID_PAID)"),
                Arguments.of(
                        "unknown field in the filter",
                        valid("{category: MEDICAL}", "{categroy: MEDICAL}"),
                        "filter.where.categroy: stream aid has no field 'categroy'"),
                Arguments.of(
                        "event type in where",
                        valid("{category: MEDICAL}", "{event_type: AID_PAID}"),
                        "filter.where.event_type: event types go in filter.event_type"),
                Arguments.of(
                        "unknown symbol in the filter",
                        valid("{category: MEDICAL}", "{category: DENTAL}"),
                        "filter.where.category: 'DENTAL' is not a symbol of category " + AID_CATEGORIES),
                Arguments.of(
                        "a number for an enum field of the envelope",
                        valid("{category: MEDICAL}", "{street: 7}"),
                        "filter.where.street: '7' is not a symbol of street (XIXING, CHANGHE, PUYAN)"),
                Arguments.of(
                        "unknown sum field",
                        valid("{sum: amount_cny}", "{sum: amount}"),
                        "measure.sum: stream aid has no field 'amount'"),
                Arguments.of(
                        "non-numeric sum field",
                        valid("{sum: amount_cny}", "{sum: household_id}"),
                        "measure.sum: 'household_id' is a STRING field, not a number"),
                Arguments.of(
                        "enum sum field",
                        valid("{sum: amount_cny}", "{sum: category}"),
                        "measure.sum: 'category' is a ENUM field, not a number"),
                Arguments.of(
                        "measure neither count nor sum",
                        valid("{sum: amount_cny}", "average"),
                        "measure: expected count or {sum: <numeric field>}, got 'average'"),
                Arguments.of(
                        "category dimension the stream does not carry",
                        valid("[street, category]", "[street, skill_level]"),
                        "dimensions[1]: stream aid has no field 'skill_level'"),
                Arguments.of(
                        "non-enum dimension",
                        valid("[street, category]", "[street, household_id]"),
                        "dimensions[1]: a category dimension is an enum field of the aid record (not the envelope,"
                                + " not event_type); 'household_id' is not"),
                Arguments.of(
                        "envelope field other than the three slice columns",
                        valid("[street, category]", "[street, worker_id]"),
                        "dimensions[1]: a category dimension is an enum field of the aid record (not the envelope,"
                                + " not event_type); 'worker_id' is not"),
                Arguments.of(
                        "a dimension listed twice",
                        valid("[street, category]", "[street, street]"),
                        "dimensions[1]: 'street' is listed twice"),
                Arguments.of(
                        "weight for a type the filter does not count",
                        valid("target: none", "target: none\n    weights: {FUNDS_RAISED: -1}"),
                        "weights.FUNDS_RAISED: not one of filter.event_type"),
                Arguments.of(
                        "zero weight",
                        valid("target: none", "target: none\n    weights: {AID_PAID: 0}"),
                        "weights.AID_PAID: a weight of 0 would count nothing"),
                Arguments.of(
                        "target that is no KPI",
                        valid("target: none", "target: aid_tset"),
                        "target: 'aid_tset' is no KPI of the catalog (or 'none')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void refusesNamingTheFileTheKpiAndTheKey(String mistake, String entry, String message) {
        assertRefused(catalog(entry), AT + message);
    }

    @Test
    void refusesAnUnknownKeyNamingTheKnownOnes() {
        assertRefused(
                catalog(valid("dimensions:", "dimension:")),
                AT + "dimension: unknown key (known: dimensions,"
                        + " filter, id, measure, name_en, name_zh, stream, target, unit, weights)");
        assertRefused(catalog(valid("where:", "wher:")), AT + "filter.wher: unknown key (known: event_type, where)");
        assertRefused("kpi:\n" + VALID, "KPI catalog: kpi: unknown key (known: kpis)");
    }

    @Test
    void refusesAWrongTypeNamingWhatWasFound() {
        assertRefused(
                catalog(valid("name_en: Test", "name_en: [Test]")),
                AT + "name_en: expected a non-blank value, got a list");
        assertRefused(
                catalog(valid("[AID_PAID]", "AID_PAID")), AT + "filter.event_type: expected a list, got 'AID_PAID'");
        assertRefused(
                catalog(valid("target: none", "target: none\n    weights: {AID_PAID: half}")),
                AT + "weights.AID_PAID: expected a whole number from -2147483648 to 2147483647, got 'half'");
        assertRefused("kpis: {aid_test: {}}", "KPI catalog: kpis: expected a list, got a map");
    }

    @Test
    void refusesAMissingField() {
        assertRefused(catalog(valid("    unit: 元\n", "")), AT + "unit: missing");
        assertRefused(
                catalog(valid("    event_type: [AID_PAID]\n", "")),
                AT + "filter.event_type: missing (a non-empty list)");
        assertRefused(catalog(valid("- id: aid_test\n    name_zh", "- name_zh")), "KPI catalog: kpis[0].id: missing");
        assertRefused("", "KPI catalog: missing (a map with 'kpis')");
    }

    @Test
    void refusesAnIdNotInLowerSnakeCaseByItsPosition() {
        assertRefused(
                catalog(VALID, valid("id: aid_test", "id: AidTest")),
                "KPI catalog: kpis[1].id: 'AidTest' is not a lower_snake_case id");
    }

    @Test
    void refusesTwoCategoryDimensions() {
        String legal = valid("stream: aid", "stream: legal")
                .replace("[AID_PAID]", "[DISPUTE_MEDIATED]")
                .replace("{category: MEDICAL}", "{mediation_outcome: SETTLED}")
                .replace("{sum: amount_cny}", "count")
                .replace("[street, category]", "[street, group_area, mediation_outcome]");
        assertRefused(
                catalog(legal), AT + "dimensions: at most one category dimension, not [group_area, mediation_outcome]");
    }

    @Test
    void refusesADuplicateIdOrKey() {
        assertRefused(
                catalog(VALID, VALID), "KPI catalog: kpis[1] (aid_test).id: duplicate id: another KPI has it already");
        assertThatThrownBy(() -> KpiCatalog.fromYaml(catalog(valid("unit: 元", "unit: 元\n    unit: 人"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("KPI catalog: not valid YAML at line 6, column ")
                .hasMessageContaining("Duplicate field 'unit'");
    }

    @Test
    void acceptsAnEnvelopeFieldAndNullInTheFilter() {
        KpiCatalog catalog =
                KpiCatalog.fromYaml(catalog(valid("{category: MEDICAL}", "{street: null, category: MEDICAL}")));
        assertThat(catalog.all().getFirst().filter().where()).containsKeys("street", "category");
        assertThat(catalog.all().getFirst().filter().where().get("street")).isNull();
    }

    private static void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> KpiCatalog.fromYaml(yaml))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(message);
    }
}
