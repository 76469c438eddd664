package cn.binjiang.union.schema.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaHistoryTest {
    private static final SchemaHistory HISTORY = SchemaHistory.fromClasspath();

    static List<EventStream<?>> streams() {
        return EventStream.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void newestVersionIsTheSchemaTheRecordClassWasGeneratedFrom(EventStream<?> stream) {
        SchemaVersion newest = HISTORY.newest(stream);

        assertThat(ContractJson.of(newest.schema(), false))
                .as(
                        "%s changed since %s: release it by adding src/main/resources/%s containing%n%s",
                        stream.schema().getFullName(),
                        newest,
                        SchemaHistory.resourceName(stream, newest.version() + 1),
                        ContractJson.historyFile(stream.schema()))
                .isEqualTo(ContractJson.of(stream.schema(), false));
        assertThat(newest.fingerprint()).isEqualTo(Fingerprint.of(stream.schema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void everyVersionReadsAndIsReadByEveryEarlierOne(EventStream<?> stream) {
        List<SchemaVersion> versions = HISTORY.versions(stream);
        for (int later = 0; later < versions.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                assertCompatible(versions.get(later), versions.get(earlier)); // backward: new reads old
                assertCompatible(versions.get(earlier), versions.get(later)); // forward: old reads new
            }
        }
    }

    private static void assertCompatible(SchemaVersion reader, SchemaVersion writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader.schema(), writer.schema());
        assertThat(result.getType())
                .as(
                        "%s reading what %s wrote: %s",
                        reader, writer, result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void everyStreamHasItsHistoryAndTheEnvelopeGainedRevisions() {
        for (EventStream<?> stream : EventStream.all()) {
            List<SchemaVersion> versions = HISTORY.versions(stream);
            List<String> before = envelopeFieldNames(versions.get(versions.size() - 2));

            assertThat(envelopeFieldNames(HISTORY.newest(stream)))
                    .as("%s: the newest version adds the envelope's revision and withdrawn", stream)
                    .containsExactlyElementsOf(Stream.concat(before.stream(), Stream.of("revision", "withdrawn"))
                            .toList());
        }
        List<SchemaVersion> legal = HISTORY.versions(EventStream.LEGAL);

        assertThat(legal).extracting(SchemaVersion::version).containsExactly(1, 2, 3);
        assertThat(ContractJson.fieldNames(legal.get(1).schema()))
                .containsExactlyElementsOf(Stream.concat(
                                ContractJson.fieldNames(legal.get(0).schema()).stream(), Stream.of("mediation_outcome"))
                        .toList());
    }

    private static List<String> envelopeFieldNames(SchemaVersion version) {
        return ContractJson.fieldNames(version.schema().getField("envelope").schema());
    }

    @Test
    void everyVersionIsFoundByItsFingerprintAndNothingElseIs() {
        EventStream.all().stream()
                .flatMap(stream -> HISTORY.versions(stream).stream())
                .forEach(version ->
                        assertThat(HISTORY.find(version.fingerprint())).contains(version));
        assertThat(HISTORY.find(0x0123456789abcdefL)).isEmpty();
    }

    @Test
    void aVersionThatChangesNothingOnTheWireIsRejected(@TempDir Path copy) throws IOException {
        copyHistoryTo(copy);
        String v1 = Files.readString(copy.resolve(SchemaHistory.resourceName(EventStream.ENROLLMENT, 1)));
        write(copy, SchemaHistory.resourceName(EventStream.ENROLLMENT, 2), v1.replace("建会入会", "建会入会 (docs edited)"));

        assertThatThrownBy(() -> SchemaHistory.load(loaderOf(copy)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enrollment v2")
                .hasMessageContaining("same canonical form as enrollment v1");
    }

    @Test
    void aStreamWithoutHistoryIsRejected(@TempDir Path copy) throws IOException {
        copyHistoryTo(copy);
        Files.delete(copy.resolve(SchemaHistory.resourceName(EventStream.AID, 1)));

        assertThatThrownBy(() -> SchemaHistory.load(loaderOf(copy)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no schema history for stream aid: avro-history/aid/v1.avsc is not on the classpath");
    }

    @Test
    void aVersionOfAnotherRecordIsRejected(@TempDir Path copy) throws IOException {
        copyHistoryTo(copy);
        Files.copy(
                copy.resolve(SchemaHistory.resourceName(EventStream.AID, 1)),
                copy.resolve(SchemaHistory.resourceName(EventStream.TRAINING, 3)));

        assertThatThrownBy(() -> SchemaHistory.load(loaderOf(copy)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("avro-history/training/v3.avsc defines cn.binjiang.union.schema.avro.AidEvent");
    }

    @Test
    void theCodecRefusesASchemaChangeThatWasNotReleased(@TempDir Path copy) throws IOException {
        copyHistoryTo(copy);
        Files.delete(copy.resolve(SchemaHistory.resourceName(EventStream.LEGAL, 3)));
        SchemaHistory withoutLegalV3 = SchemaHistory.load(loaderOf(copy));

        assertThatThrownBy(() -> new EventCodec(withoutLegalV3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the legal record class")
                .hasMessageContaining("release it as avro-history/legal/v3.avsc");
    }

    private static void copyHistoryTo(Path root) throws IOException {
        for (EventStream<?> stream : EventStream.all()) {
            for (SchemaVersion version : HISTORY.versions(stream)) {
                String resource = SchemaHistory.resourceName(stream, version.version());
                try (InputStream in = SchemaHistoryTest.class.getClassLoader().getResourceAsStream(resource)) {
                    write(root, resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void write(Path root, String resource, String content) throws IOException {
        Path file = root.resolve(resource);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Sees the copied history only, not the real one on the test classpath. */
    private static ClassLoader loaderOf(Path root) throws IOException {
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }
}
