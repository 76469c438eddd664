package cn.binjiang.union.jobs.kpi.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.schema.avro.AidEvent;
import cn.binjiang.union.schema.avro.AidEventType;
import cn.binjiang.union.schema.avro.EnrollmentEvent;
import cn.binjiang.union.schema.avro.EnrollmentEventType;
import cn.binjiang.union.schema.avro.LegalEvent;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.avro.TrainingEventType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ResidentIdPseudonymiserTest {
    private static final String KEY = "a test key of at least thirty-two bytes";
    private final ResidentIdPseudonymiser pseudonymiser = ResidentIdPseudonymiser.withKey(KEY);

    @Test
    void isHmacSha256InUnpaddedBase64Url() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(Events.WORKER.getBytes(StandardCharsets.US_ASCII)));
        assertThat(pseudonymiser.pseudonym(Events.WORKER))
                .isEqualTo(expected)
                .hasSize(43)
                .matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void isDeterministicAndNormalisesTheCheckCharacter() {
        String pseudonym = pseudonymiser.pseudonym(Events.WORKER);
        assertThat(pseudonymiser.pseudonym(Events.WORKER)).isEqualTo(pseudonym);
        assertThat(pseudonymiser.pseudonym("11010519491231002x")).isEqualTo(pseudonym);
        assertThat(pseudonymiser.pseudonym(" 11010519491231002X ")).isEqualTo(pseudonym);
        assertThat(ResidentIdPseudonymiser.withKey(KEY).pseudonym(Events.WORKER))
                .isEqualTo(pseudonym);
    }

    @Test
    void differsByKeyAndByWorker() {
        String pseudonym = pseudonymiser.pseudonym(Events.WORKER);
        assertThat(ResidentIdPseudonymiser.withKey(KEY + "!").pseudonym(Events.WORKER))
                .isNotEqualTo(pseudonym);
        assertThat(pseudonymiser.pseudonym("110105194912310037")).isNotEqualTo(pseudonym);
    }

    @Test
    void neverContainsTheId() {
        String pseudonym = pseudonymiser.pseudonym(Events.WORKER);
        assertThat(pseudonym)
                .doesNotContain(Events.WORKER)
                .doesNotContain(Events.WORKER.substring(0, 17))
                .doesNotContain("19491231");
    }

    @Test
    void refusesAShortKeyNamingTheMinimum() {
        assertThatThrownBy(() -> new ResidentIdPseudonymiser(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageContaining("got 31");
        assertThat(new ResidentIdPseudonymiser(new byte[32]).pseudonym(Events.WORKER))
                .hasSize(43);
    }

    @Test
    void replacesTheWorkerIdOfAnEventInPlace() {
        EnrollmentEvent event = Events.enrollment(EnrollmentEventType.MEMBER_JOINED);
        assertThat(pseudonymiser.pseudonymise(event)).isSameAs(event);
        assertThat(event.getEnvelope().getWorkerId()).isEqualTo(pseudonymiser.pseudonym(Events.WORKER));
        assertThat(event.toString()).doesNotContain(Events.WORKER);

        LegalEvent withoutWorker = Events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED);
        withoutWorker.getEnvelope().setWorkerId(null);
        assertThat(pseudonymiser.pseudonymise(withoutWorker).getEnvelope().getWorkerId())
                .isNull();
    }

    @Test
    void replacesHouseholdAndCertificateNumbersSoThatEachStillCountsOnce() {
        AidEvent paid = Events.aid(AidEventType.AID_PAID, "100.00");
        paid.setHouseholdId("HH-330106199003071236");
        AidEvent paidAgain = Events.aid(AidEventType.AID_PAID, "50.00");
        paidAgain.setHouseholdId("hh-330106199003071236 ");
        pseudonymiser.pseudonymise(paid);
        pseudonymiser.pseudonymise(paidAgain);
        assertThat(paid.getHouseholdId())
                .isEqualTo(pseudonymiser.pseudonym("HH-330106199003071236"))
                .hasSize(43)
                .isEqualTo(paidAgain.getHouseholdId());
        assertThat(paid.getHouseholdId()).isNotEqualTo(pseudonymiser.pseudonym("330106199003071236"));

        TrainingEvent certified = Events.training(TrainingEventType.CERTIFICATE_EARNED);
        certified.setCertificateId("S330106199003071");
        pseudonymiser.pseudonymise(certified);
        assertThat(certified.getCertificateId()).isEqualTo(pseudonymiser.pseudonym("S330106199003071"));
        assertThat(certified.getEnvelope().getWorkerId()).isEqualTo(pseudonymiser.pseudonym(Events.WORKER));
        assertThat(certified.getCourseId())
                .as("other identifiers stay readable")
                .isEqualTo(Events.training(TrainingEventType.CERTIFICATE_EARNED).getCourseId());
    }

    @Test
    void survivesJavaSerialisationWithoutShowingTheKey() throws Exception {
        assertThat(pseudonymiser.toString()).doesNotContain(KEY);
        String before = pseudonymiser.pseudonym(Events.WORKER);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(pseudonymiser);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(((ResidentIdPseudonymiser) in.readObject()).pseudonym(Events.WORKER))
                    .isEqualTo(before);
        }
    }
}
