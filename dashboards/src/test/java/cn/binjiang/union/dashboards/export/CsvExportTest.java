package cn.binjiang.union.dashboards.export;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.dashboards.api.PanelData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvExportTest {
    @Test
    void quotesWhatNeedsItWritesNumbersAsDigitsAndKeepsFormulasText() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("街道", "西兴, \"滨江\"");
        row.put("金额（元）", new BigDecimal("1000.50"));
        row.put("share", 1.0E-4);
        row.put("pace", -0.25);
        row.put("note", "=HYPERLINK(\"x\")");
        row.put("empty", null);
        byte[] csv = CsvExport.of(new PanelData(List.copyOf(row.keySet()), List.of(row)));
        assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8))
                .isEqualTo("街道,金额（元）,share,pace,note,empty\r\n"
                        + "\"西兴, \"\"滨江\"\"\",1000.50,0.00010,-0.25,\"'=HYPERLINK(\"\"x\"\")\",\r\n");
    }
}
