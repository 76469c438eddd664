package cn.binjiang.union.jobs.kpi.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.records.KpiValue;
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

        assertThat(first).isEqualTo("{\"kpi_id\":\"members_joined\",\"grain\":\"month\",\"bucket\":\"2022-03-01\",\"street\":\"xixing\","
                + "\"industry\":\"\",\"employment_form\":\"\",\"category\":\"\",\"value\":949.00,\"version\":3,"
                + "\"updated_at\":\"2023-11-14T22:13:20.123Z\"}");
        assertThat(second).endsWith("\"value\":950.00,\"version\":4,\"updated_at\":\"2023-11-14T22:13:20.123Z\","
                + "\"watermark\":\"2023-11-14T22:13:15.123Z\"}");
        assertThat(third).endsWith("\"value\":951.00,\"version\":5,\"updated_at\":\"2023-11-14T22:13:20.124Z\","
                + "\"watermark\":\"2023-11-14T22:13:15.123Z\"}");
    }

    private static KpiValue value(long hundredths, long version, long updatedAt, long watermark) {
        return new KpiValue("members_joined", "month", 19052, "xixing", "", "", "", hundredths, version, updatedAt, watermark);
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
