package cn.binjiang.union.schema.topic;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.kpi.CellKey;
import cn.binjiang.union.schema.kpi.KpiValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's tables of the JSON topics are what a consumer codes against: they must name exactly the fields written.
 */
class TopicContractsDocsTest {
    private static final Pattern NAME = Pattern.compile("`([a-z_0-9]+)`");

    @Test
    void theReadmeDocumentsEveryFieldEachContractWritesAndNoOther() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        KpiValue value = new KpiValue("members_joined", "month", 19052, "xixing", "", "", "", 94_900, 3, 1L, 2L);
        assertThat(documented(readme, "kpi-updates"))
                .containsExactlyElementsOf(written(new KpiUpdateJson().write(value)));
        DeadLetter letter = new DeadLetter("too_late", "", "aid", 0, 1, 2, "");
        assertThat(documented(readme, "dead-letter")).containsExactlyElementsOf(written(DeadLetterJson.write(letter)));
        AlertUpdate alert = new AlertUpdate("a#1", "a", "", "info", "firing", "", "", "", 1, 2, true);
        assertThat(documented(readme, "alerts")).containsExactlyElementsOf(written(AlertJson.write(alert)));
        CellAdjustment adjustment =
                new CellAdjustment("r", new CellKey.Cell("members_joined", "year", 18993, "", "", "", ""), 100, 1, 0);
        assertThat(documented(readme, "kpi-rebuilds"))
                .containsExactlyElementsOf(written(CellAdjustmentJson.write(adjustment)));
    }

    private static List<String> written(byte[] json) throws IOException {
        List<String> fields = new ArrayList<>();
        new ObjectMapper().readTree(json).fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    /** The names in the first column of the field table under the heading "### `topic`". */
    private static List<String> documented(List<String> readme, String topic) {
        int heading = readme.indexOf("### `" + topic + "`");
        assertThat(heading).as("a section for " + topic).isNotNegative();
        List<String> fields = new ArrayList<>();
        for (String line : readme.subList(heading + 1, readme.size())) {
            if (line.startsWith("#")) break;
            if (!line.startsWith("| `")) continue;
            Matcher name = NAME.matcher(line.substring(0, line.indexOf(" |", 2)));
            while (name.find()) fields.add(name.group(1));
        }
        return fields;
    }
}
