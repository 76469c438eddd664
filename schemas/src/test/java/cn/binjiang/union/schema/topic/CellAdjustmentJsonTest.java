package cn.binjiang.union.schema.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.schema.kpi.CellKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CellAdjustmentJsonTest {
    private static final CellAdjustment ADJUSTMENT = new CellAdjustment(
            "savepoint-3f2a",
            new CellKey.Cell("aid_paid_amount", "month", 19052, "xixing", "", "", "medical"),
            -1_250,
            7,
            1_204);

    @Test
    void whatKpiRebuildWritesReadsBackEqualKeyedByTheCell() throws IOException {
        assertThat(CellAdjustmentJson.read(CellAdjustmentJson.write(ADJUSTMENT)))
                .isEqualTo(ADJUSTMENT);
        assertThat(new String(CellAdjustmentJson.key(ADJUSTMENT), StandardCharsets.UTF_8))
                .isEqualTo("aid_paid_amount|month|19052|xixing|||medical");
        assertThat(new String(CellAdjustmentJson.write(ADJUSTMENT), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"rebuild_id\":\"savepoint-3f2a\",\"kpi_id\":\"aid_paid_amount\",\"grain\":\"month\","
                                + "\"bucket\":\"2022-03-01\",\"street\":\"xixing\",\"industry\":\"\",\"employment_form\":\"\","
                                + "\"category\":\"medical\",\"value_delta\":-12.50,\"version_delta\":7,\"basis_version\":1204}");
    }

    @Test
    void aRecordThatBreaksTheContractIsRefusedNamingWhatIsWrong() {
        String good = new String(CellAdjustmentJson.write(ADJUSTMENT), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CellAdjustmentJson.read(
                        good.replace("-12.50", "-12.505").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessage("kpi-rebuilds record: field 'value_delta': -12.505 is not a whole number of hundredths");
        assertThatThrownBy(() -> CellAdjustmentJson.read(good.replace("\"version_delta\":7", "\"version_delta\":0")
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessage("kpi-rebuilds record: an adjustment raises the version: 0");
    }
}
