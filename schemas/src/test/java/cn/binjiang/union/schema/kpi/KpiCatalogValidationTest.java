package cn.binjiang.union.schema.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every mistake the loader refuses names the KPI and the catalog key at fault. */
class KpiCatalogValidationTest {
  /** A valid entry; each case replaces one line of it. */
  private static final String VALID =
      """
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
        Arguments.of("unknown stream", valid("stream: aid", "stream: aids"), "stream"),
        Arguments.of("unknown event type",
            valid("[AID_PAID]", "[AID_PAYED]"), "filter.event_type"),
        Arguments.of("the reader's fallback symbol",
            valid("[AID_PAID]", "[UNKNOWN]"), "filter.event_type"),
        Arguments.of("event type of another stream",
            valid("[AID_PAID]", "[MEMBER_JOINED]"), "filter.event_type"),
        Arguments.of("unknown field in the filter",
            valid("{category: MEDICAL}", "{categroy: MEDICAL}"), "filter.where.categroy"),
        Arguments.of("unknown symbol in the filter",
            valid("{category: MEDICAL}", "{category: DENTAL}"), "filter.where.category"),
        Arguments.of("a number for an enum field of the envelope",
            valid("{category: MEDICAL}", "{street: 7}"), "filter.where.street"),
        Arguments.of("unknown sum field",
            valid("{sum: amount_cny}", "{sum: amount}"), "measure.sum"),
        Arguments.of("non-numeric sum field",
            valid("{sum: amount_cny}", "{sum: household_id}"), "measure.sum"),
        Arguments.of("enum sum field",
            valid("{sum: amount_cny}", "{sum: category}"), "measure.sum"),
        Arguments.of("measure neither count nor sum",
            valid("{sum: amount_cny}", "average"), "measure"),
        Arguments.of("category dimension the stream does not carry",
            valid("[street, category]", "[street, skill_level]"), "dimensions.skill_level"),
        Arguments.of("non-enum dimension",
            valid("[street, category]", "[street, household_id]"), "dimensions.household_id"),
        Arguments.of("envelope field other than the three slice columns",
            valid("[street, category]", "[street, worker_id]"), "dimensions.worker_id"),
        Arguments.of("a dimension listed twice",
            valid("[street, category]", "[street, street]"), "dimensions.street"),
        Arguments.of("weight for a type the filter does not count",
            valid("target: none", "target: none\n    weights: {FUNDS_RAISED: -1}"), "weights.FUNDS_RAISED"),
        Arguments.of("zero weight",
            valid("target: none", "target: none\n    weights: {AID_PAID: 0}"), "weights.AID_PAID"),
        Arguments.of("target that is no KPI",
            valid("target: none", "target: aid_tset"), "target"),
        Arguments.of("misspelt key", valid("dimensions:", "dimension:"), "dimension"),
        Arguments.of("missing unit", valid("    unit: 元\n", ""), "unit"),
        Arguments.of("id not lower snake case", valid("id: aid_test", "id: AidTest"), "id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void refusesNamingKpiAndField(String mistake, String entry, String field) {
    String expectedKpi = entry.contains("AidTest") ? "#1" : "aid_test";
    assertThatThrownBy(() -> KpiCatalog.fromYaml(catalog(entry)))
        .isInstanceOfSatisfying(KpiCatalogException.class, e -> {
          assertThat(e.kpiId()).isEqualTo(expectedKpi);
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).contains("KPI " + expectedKpi + ", " + field + ": ");
        });
  }

  @Test
  void refusesTwoCategoryDimensions() {
    String legal = valid("stream: aid", "stream: legal")
        .replace("[AID_PAID]", "[DISPUTE_MEDIATED]")
        .replace("{category: MEDICAL}", "{mediation_outcome: SETTLED}")
        .replace("{sum: amount_cny}", "count")
        .replace("[street, category]", "[street, group_area, mediation_outcome]");
    assertThatThrownBy(() -> KpiCatalog.fromYaml(catalog(legal)))
        .isInstanceOfSatisfying(KpiCatalogException.class, e -> {
          assertThat(e.kpiId()).isEqualTo("aid_test");
          assertThat(e.field()).isEqualTo("dimensions");
          assertThat(e.getMessage()).contains("[group_area, mediation_outcome]");
        });
  }

  @Test
  void refusesADuplicateId() {
    assertThatThrownBy(() -> KpiCatalog.fromYaml(catalog(VALID, VALID)))
        .isInstanceOfSatisfying(KpiCatalogException.class, e -> {
          assertThat(e.kpiId()).isEqualTo("aid_test");
          assertThat(e.field()).isEqualTo("id");
        });
  }

  @Test
  void acceptsAnEnvelopeFieldAndNullInTheFilter() {
    KpiCatalog catalog = KpiCatalog.fromYaml(catalog(
        valid("{category: MEDICAL}", "{street: null, category: MEDICAL}")));
    assertThat(catalog.all().getFirst().filter().where()).containsKeys("street", "category");
    assertThat(catalog.all().getFirst().filter().where().get("street")).isNull();
  }
}
