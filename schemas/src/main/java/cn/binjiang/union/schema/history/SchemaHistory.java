package cn.binjiang.union.schema.history;

import cn.binjiang.union.schema.EventStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Every released version of every stream's schema, loaded from the classpath resources
 * {@code avro-history/<stream>/v1.avsc, v2.avsc, ...} (numbered from 1 without gaps: loading stops
 * at the first missing number, because a classpath cannot be listed portably).
 *
 * <p>A reader resolves the writer's schema of a message by its fingerprint here. Loading checks
 * what would make that lookup wrong: every stream has a history, each version is its stream's
 * record, and no two versions share a fingerprint (a version with the same canonical form as an
 * earlier one changed nothing on the wire, or changed only a logical type, which the wire cannot
 * tell apart).
 *
 * <p>Immutable once loaded, so safe to share between threads.
 */
public final class SchemaHistory {
    private static final String ROOT = "avro-history/";

    private final Map<EventStream<?>, List<SchemaVersion>> versionsByStream;
    private final Map<Long, SchemaVersion> versionsByFingerprint;

    private SchemaHistory(Map<EventStream<?>, List<SchemaVersion>> versionsByStream) {
        this.versionsByStream = Map.copyOf(versionsByStream);
        Map<Long, SchemaVersion> byFingerprint = new HashMap<>();
        versionsByStream.values().stream().flatMap(List::stream).forEach(version -> {
            SchemaVersion clash = byFingerprint.putIfAbsent(version.fingerprint(), version);
            if (clash != null) {
                throw new IllegalStateException(version + " has the same canonical form as " + clash
                        + ": a new version must change the schema on the wire");
            }
        });
        this.versionsByFingerprint = Map.copyOf(byFingerprint);
    }

    /** The history shipped in this module's jar. */
    public static SchemaHistory fromClasspath() {
        return load(SchemaHistory.class.getClassLoader());
    }

    /**
     * The history visible to a class loader.
     *
     * @throws IllegalStateException if a stream has no history or a version is unreadable or
     *     inconsistent
     */
    public static SchemaHistory load(ClassLoader loader) {
        Map<EventStream<?>, List<SchemaVersion>> versions = new LinkedHashMap<>();
        for (EventStream<?> stream : EventStream.all()) {
            versions.put(stream, loadStream(loader, stream));
        }
        return new SchemaHistory(versions);
    }

    private static List<SchemaVersion> loadStream(ClassLoader loader, EventStream<?> stream) {
        List<SchemaVersion> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = resourceName(stream, version);
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(new SchemaVersion(stream, version, parse(resource, in, stream)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("no schema history for stream " + stream + ": " + resourceName(stream, 1)
                    + " is not on the classpath");
        }
        return List.copyOf(versions);
    }

    private static Schema parse(String resource, InputStream in, EventStream<?> stream) throws IOException {
        Schema schema;
        try {
            // One parser per file: each version is a self-contained snapshot that defines the
            // envelope again, which a shared parser would reject as a redefinition.
            schema = new Schema.Parser().parse(in);
        } catch (SchemaParseException e) {
            throw new IllegalStateException(resource + " is not a valid Avro schema: " + e.getMessage(), e);
        }
        if (!schema.getFullName().equals(stream.schema().getFullName())) {
            throw new IllegalStateException(resource + " defines " + schema.getFullName() + ", not the " + stream
                    + " record " + stream.schema().getFullName());
        }
        return schema;
    }

    /** The resource a version lives in; also where the next version of a stream is to be added. */
    public static String resourceName(EventStream<?> stream, int version) {
        return ROOT + stream.name() + "/v" + version + ".avsc";
    }

    /** The released versions of a stream, oldest first. */
    public List<SchemaVersion> versions(EventStream<?> stream) {
        return versionsByStream.get(stream);
    }

    /** The newest released version of a stream: what its generated record class must equal. */
    public SchemaVersion newest(EventStream<?> stream) {
        List<SchemaVersion> versions = versions(stream);
        return versions.get(versions.size() - 1);
    }

    /** The version, of whichever stream, whose schema has this fingerprint. */
    public Optional<SchemaVersion> find(long fingerprint) {
        return Optional.ofNullable(versionsByFingerprint.get(fingerprint));
    }
}
