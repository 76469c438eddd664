package cn.binjiang.union.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.SampleEvents;
import cn.binjiang.union.schema.codec.EventDecodeException.Reason;
import cn.binjiang.union.schema.history.SchemaHistory;
import cn.binjiang.union.schema.history.SchemaVersion;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Random and corrupted bytes, as a broken or hostile producer could send: every input either
 * decodes or fails with {@link EventDecodeException}, nothing else, quickly (the test JVM has a
 * 2 GB heap, so an allocation driven by a corrupt length would show as an OutOfMemoryError).
 * Seeded, so every run tries the same inputs.
 */
class HostileInputTest {
    private static final int INPUTS = 10_000;
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final EventCodec CODEC = EventCodec.fromClasspath();
    private static final List<byte[]> VALID =
            SampleEvents.everyEventType().map(CODEC::encode).toList();
    private static final long[] KNOWN_FINGERPRINTS = EventStream.all().stream()
            .flatMap(stream -> SchemaHistory.fromClasspath().versions(stream).stream())
            .mapToLong(SchemaVersion::fingerprint)
            .toArray();

    @Test
    void randomBytes() {
        Outcomes outcomes = decodeAll(0x5EED_0001L, random -> randomBytes(random, random.nextInt(200)));

        assertThat(outcomes.failed(Reason.BAD_MAGIC)).isGreaterThan(INPUTS * 9 / 10);
    }

    @Test
    void randomBodiesBehindAKnownHeader() {
        // Gets past the header check, so that the body decoder is what is under attack.
        Outcomes outcomes = decodeAll(0x5EED_0002L, random -> {
            byte[] header = Messages.header(KNOWN_FINGERPRINTS[random.nextInt(KNOWN_FINGERPRINTS.length)]);
            byte[] message = randomBytes(random, 10 + random.nextInt(300));
            System.arraycopy(header, 0, message, 0, header.length);
            return message;
        });

        assertThat(outcomes.failed(Reason.TRUNCATED) + outcomes.failed(Reason.MALFORMED))
                .isEqualTo(INPUTS - outcomes.decoded);
    }

    @Test
    void bitFlippedValidMessages() {
        Outcomes outcomes = decodeAll(0x5EED_0003L, random -> {
            byte[] message = VALID.get(random.nextInt(VALID.size())).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                message[random.nextInt(message.length)] ^= (byte) (1 << random.nextInt(8));
            }
            return message;
        });

        // Flips in string contents still decode; flips in the header or in lengths do not.
        assertThat(outcomes.decoded).isPositive();
        assertThat(outcomes.failures)
                .containsKeys(Reason.BAD_MAGIC, Reason.UNKNOWN_SCHEMA, Reason.TRUNCATED, Reason.MALFORMED);
    }

    private static Outcomes decodeAll(long seed, Function<Random, byte[]> inputs) {
        Random random = new Random(seed);
        Outcomes outcomes = new Outcomes();
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < INPUTS; i++) {
                outcomes.record(inputs.apply(random));
            }
        });
        System.out.printf("seed %x: %s%n", seed, outcomes);
        return outcomes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static final class Outcomes {
        private int decoded;
        private final Map<Reason, Integer> failures = new EnumMap<>(Reason.class);

        void record(byte[] message) {
            try {
                CODEC.decodeAny(message);
                decoded++;
            } catch (EventDecodeException e) {
                assertThat(e.reason()).isNotNull();
                assertThat(e.getMessage()).isNotBlank();
                failures.merge(e.reason(), 1, Integer::sum);
            } catch (Throwable t) {
                fail(
                        "decoding %s threw %s instead of EventDecodeException",
                        HexFormat.of().formatHex(message), t);
            }
        }

        int failed(Reason reason) {
            return failures.getOrDefault(reason, 0);
        }

        @Override
        public String toString() {
            return decoded + " decoded, failed " + failures;
        }
    }
}
