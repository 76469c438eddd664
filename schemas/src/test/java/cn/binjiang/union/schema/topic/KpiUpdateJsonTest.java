package cn.binjiang.union.schema.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.schema.kpi.KpiValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KpiUpdateJsonTest {
    private static final long T0 = 1_700_000_000_123L;

    @Test
    void writesTheContractFieldsAndFollowsEachNewTimestamp() {
        KpiUpdateJson json = new KpiUpdateJson();

        String first = text(json.write(value(94_900, 3, T0, Long.MIN_VALUE)));
        String second = text(json.write(value(95_000, 4, T0, T0 - 5_000)));
        String third = text(json.write(value(95_100, 5, T0 + 1, T0 - 5_000)));

        assertThat(first)
                .isEqualTo(
                        "{\"kpi_id\":\"members_joined\",\"grain\":\"month\",\"bucket\":\"2022-03-01\",\"street\":\"xixing\","
                                + "\"industry\":\"\",\"employment_form\":\"\",\"category\":\"\",\"value\":949.00,\"version\":3,"
                                + "\"updated_at\":\"2023-11-14T22:13:20.123Z\"}");
        assertThat(second)
                .endsWith("\"value\":950.00,\"version\":4,\"updated_at\":\"2023-11-14T22:13:20.123Z\","
                        + "\"watermark\":\"2023-11-14T22:13:15.123Z\"}");
        assertThat(third)
                .endsWith("\"value\":951.00,\"version\":5,\"updated_at\":\"2023-11-14T22:13:20.124Z\","
                        + "\"watermark\":\"2023-11-14T22:13:15.123Z\"}");
    }

    @Test
    void whatTheKpiJobWritesTheAlertJobReadsBackEqualWithAndWithoutAWatermark() throws IOException {
        KpiUpdateJson json = new KpiUpdateJson();
        for (KpiValue v : new KpiValue[] {
            value(94_900, 3, T0, Long.MIN_VALUE),
            value(-1_250, 7, T0, T0 - 5_000),
            new KpiValue(
                    "aid_paid_cny", "year", 18_993, "", "digital_economy", "", "medical", 78_400_000_01L, 41, T0, T0)
        }) {
            assertThat(KpiUpdateJson.read(json.write(v))).isEqualTo(v);
        }
        assertThat(text(KpiUpdateJson.key(value(1, 1, T0, T0)))).isEqualTo("members_joined|month|19052|xixing|||");
    }

    @Test
    void aRecordThatBreaksTheContractIsRefusedNamingTheField() {
        String good = text(new KpiUpdateJson().write(value(94_900, 3, T0, Long.MIN_VALUE)));
        assertRefused(
                good.replace("\"grain\":\"month\"", "\"grain\":\"week\""),
                "kpi-updates record: field 'grain': unknown grain 'week' (not one of [day, month, year])");
        assertRefused(good.replace("\"version\":3,", ""), "kpi-updates record: field 'version': missing");
        assertRefused(
                good.replace("\"value\":949.00", "\"value\":\"949\""),
                "kpi-updates record: field 'value': not a number");
        assertRefused(
                good.replace("\"value\":949.00", "\"value\":9.491"),
                "kpi-updates record: field 'value': 9.491 is not a whole number of hundredths");
        assertRefused(
                good.replace("2022-03-01", "March"),
                "kpi-updates record: field 'bucket': 'March' is not a date (yyyy-mm-dd)");
        assertRefused(
                good.replace("2023-11-14T22:13:20.123Z", "yesterday"),
                "kpi-updates record: field 'updated_at': 'yesterday' is not an instant");
        assertRefused("[]", "kpi-updates record: not a JSON object");
        assertRefused("{\"kpi_id\":", "kpi-updates record: not JSON: ");
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> KpiUpdateJson.read(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(message);
    }

    private static KpiValue value(long hundredths, long version, long updatedAt, long watermark) {
        return new KpiValue(
                "members_joined", "month", 19052, "xixing", "", "", "", hundredths, version, updatedAt, watermark);
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
