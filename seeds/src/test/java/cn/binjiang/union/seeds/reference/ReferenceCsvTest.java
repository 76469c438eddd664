package cn.binjiang.union.seeds.reference;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.avro.AidCategory;
import cn.binjiang.union.schema.avro.CompetitionField;
import cn.binjiang.union.schema.avro.EmploymentForm;
import cn.binjiang.union.schema.avro.Industry;
import cn.binjiang.union.schema.avro.Street;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceCsvTest {
    private static final ReferenceCsv TARGETS = ReferenceCsv.read("targets");

    @ParameterizedTest
    @ValueSource(strings = {"streets", "industries", "employment_forms", "competition_fields", "aid_categories"})
    void everyDimensionListsExactlyTheSymbolsProducersWriteInLowerCase(String dimension) {
        Map<String, Class<? extends Enum<?>>> symbols = Map.of(
                "streets",
                Street.class,
                "industries",
                Industry.class,
                "employment_forms",
                EmploymentForm.class,
                "competition_fields",
                CompetitionField.class,
                "aid_categories",
                AidCategory.class);
        List<String> expected = Arrays.stream(symbols.get(dimension).getEnumConstants())
                .filter(s -> !s.name().equals("UNKNOWN"))
                .map(ReferenceTables::code)
                .toList();

        ReferenceCsv csv = ReferenceCsv.read(dimension);

        assertThat(csv.column("code")).containsExactlyElementsOf(expected);
        assertThat(csv.column("name_zh")).allMatch(name -> !name.isBlank());
        assertThat(csv.column("name_en")).allMatch(name -> !name.isBlank());
    }

    @Test
    void onlyStandardEmploymentIsNoNewForm() {
        ReferenceCsv forms = ReferenceCsv.read("employment_forms");

        assertThat(forms.column("new_form")).containsExactly("false", "true", "true", "true", "true", "true");
    }

    @Test
    void targetsNameKpisThatHaveATargetAndTheDistrictOrAStreet() {
        KpiCatalog catalog = KpiCatalog.fromClasspath();
        for (List<String> row : TARGETS.rows()) {
            Optional<KpiDefinition> kpi = catalog.byId(row.get(1));
            assertThat(kpi).as(row.toString()).isPresent();
            assertThat(kpi.get().target()).as(row.toString()).contains(row.get(1));
            assertThat(row.get(2)).isIn("", "xixing", "changhe", "puyan");
            assertThat(row.get(4)).as(row.toString()).isNotBlank();
        }
    }

    @Test
    void streetTargetsAddUpToTheDistrictTarget() {
        Map<String, Double> district = new HashMap<>();
        Map<String, Double> streets = new HashMap<>();
        for (List<String> row : TARGETS.rows()) {
            (row.get(2).isEmpty() ? district : streets)
                    .merge(row.get(0) + " " + row.get(1), Double.parseDouble(row.get(3)), Double::sum);
        }
        streets.forEach((kpi, sum) -> assertThat(sum).as(kpi).isEqualTo(district.get(kpi)));
        assertThat(district).hasSize(24);
    }

    @Test
    void theReportsRatesFollowFromItsFiguresAndTheseTargets() {
        assertThat(target(2022, "unions_founded_new_form")).isEqualTo(9.0);
        assertThat(target(2022, "unions_founded_realname")).isEqualTo(924.0);
        assertThat(String.format("%.1f%%", 100 * 12 / target(2022, "unions_founded_new_form")))
                .isEqualTo("133.3%");
        assertThat(String.format("%.1f%%", 100 * 949 / target(2022, "unions_founded_realname")))
                .isEqualTo("102.7%");
    }

    private static double target(int year, String kpi) {
        return TARGETS.rows().stream()
                .filter(r -> r.get(0).equals(String.valueOf(year))
                        && r.get(1).equals(kpi)
                        && r.get(2).isEmpty())
                .mapToDouble(r -> Double.parseDouble(r.get(3)))
                .findFirst()
                .orElseThrow();
    }
}
