package cn.binjiang.union.schema.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterJsonTest {
    private static final DeadLetter LETTER = new DeadLetter(
            "invalid_field:worker_id",
            "check digit wrong",
            "enrollment",
            3,
            12_345_678_901L,
            1_700_000_000_123L,
            "w4MBAQ==");

    @Test
    void whatTheKpiJobWritesReadsBackEqualKeyedByTheRejectedRecordsPosition() throws IOException {
        assertThat(DeadLetterJson.read(DeadLetterJson.write(LETTER))).isEqualTo(LETTER);
        assertThat(new String(DeadLetterJson.key(LETTER), StandardCharsets.UTF_8))
                .isEqualTo("enrollment/3/12345678901");
        assertThat(new String(DeadLetterJson.write(LETTER), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"reason\":\"invalid_field:worker_id\",\"detail\":\"check digit wrong\",\"topic\":\"enrollment\","
                                + "\"partition\":3,\"offset\":12345678901,\"rejected_at\":\"2023-11-14T22:13:20.123Z\",\"payload_base64\":\"w4MBAQ==\"}");
    }

    @Test
    void aRecordThatBreaksTheContractIsRefusedNamingTheField() {
        String good = new String(DeadLetterJson.write(LETTER), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DeadLetterJson.read(good.replace("\"partition\":3", "\"partition\":12345678901")
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessage("dead-letter record: field 'partition': not a 32-bit whole number");
        assertThatThrownBy(() -> DeadLetterJson.read(good.replace("\"reason\":\"invalid_field:worker_id\",", "")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("dead-letter record: field 'reason': missing");
    }
}
