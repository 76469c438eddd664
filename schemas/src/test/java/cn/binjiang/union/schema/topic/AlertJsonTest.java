package cn.binjiang.union.schema.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    private static final AlertUpdate FIRING = new AlertUpdate(
            "members_spike#2",
            "members_spike",
            "入会人数激增",
            "info",
            "firing",
            "xixing",
            "members_joined",
            "2022-03-04：21，近 7 日均值 10，高出 110%（阈值 100%）",
            2,
            1_700_000_000_123L,
            true);

    @Test
    void whatTheAlertJobWritesReadsBackEqualKeyedByTheAlert() throws IOException {
        assertThat(AlertJson.read(AlertJson.write(FIRING))).isEqualTo(FIRING);
        AlertUpdate pending = new AlertUpdate(
                "dead_letters#1", "dead_letters", "死信率过高", "warning", "pending", "", "", "", 1, 0, false);
        assertThat(AlertJson.read(AlertJson.write(pending))).isEqualTo(pending);
        assertThat(new String(AlertJson.key(FIRING), StandardCharsets.UTF_8)).isEqualTo("members_spike");
    }

    @Test
    void aRecordThatBreaksTheContractIsRefusedNamingTheField() {
        String good = new String(AlertJson.write(FIRING), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AlertJson.read(
                        good.replace("\"notify\":true", "\"notify\":\"yes\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessage("alerts record: field 'notify': not true or false");
    }
}
