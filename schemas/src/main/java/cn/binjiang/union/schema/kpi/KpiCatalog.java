package cn.binjiang.union.schema.kpi;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.YamlFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The KPIs the platform computes, as data: {@code kpi/catalog.yaml} on the classpath. Loading
 * checks every entry against the Avro contracts (streams, event type symbols, fields and their
 * types, dimensions, targets) and fails with a {@link ConfigurationException} naming the file,
 * the KPI and the key at fault. Adding a KPI is a catalog entry, no code.
 *
 * <p>Immutable and {@link Serializable}, so Flink functions can carry it.
 */
public final class KpiCatalog implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the catalog lives on the classpath. */
    public static final String RESOURCE = "kpi/catalog.yaml";

    private final List<KpiDefinition> all;
    private final Map<String, KpiDefinition> byId = new LinkedHashMap<>();
    private final Map<String, List<KpiDefinition>> byStream = new LinkedHashMap<>();

    private KpiCatalog(List<KpiDefinition> all) {
        this.all = all;
        all.forEach(kpi -> byId.put(kpi.id(), kpi));
        for (EventStream<?> stream : EventStream.all()) {
            byStream.put(
                    stream.name(),
                    all.stream().filter(kpi -> kpi.stream() == stream).toList());
        }
    }

    /** The catalog shipped in this module's jar. */
    public static KpiCatalog fromClasspath() {
        try (InputStream yaml = KpiCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (yaml == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new KpiCatalog(KpiCatalogParser.parse(YamlFile.read(RESOURCE, yaml)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A catalog file in the format of {@code kpi/catalog.yaml}: the one the KPI job computes and the dashboard shows
     * when their {@code kpi.catalog} names it.
     *
     * @throws RuntimeException naming the file, and the path in it, of what is wrong
     */
    public static KpiCatalog fromFile(Path file) {
        return new KpiCatalog(KpiCatalogParser.parse(YamlFile.read(file)));
    }

    /** A catalog from YAML text in the format of {@code kpi/catalog.yaml}. */
    public static KpiCatalog fromYaml(String yaml) {
        return new KpiCatalog(KpiCatalogParser.parse(YamlFile.parse("KPI catalog", yaml)));
    }

    /**
     * This catalog cut down to the KPIs {@code ids} names, in catalog order: what a rebuild of those KPIs fans out to.
     *
     * @throws IllegalArgumentException naming the first id the catalog does not hold
     */
    public KpiCatalog only(Collection<String> ids) {
        for (String id : ids) {
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("no KPI " + id + " in the catalog");
            }
        }
        return new KpiCatalog(all.stream().filter(kpi -> ids.contains(kpi.id())).toList());
    }

    /** Every KPI, in catalog order. */
    public List<KpiDefinition> all() {
        return all;
    }

    public Optional<KpiDefinition> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The KPIs computed from this stream's events, in catalog order. */
    public List<KpiDefinition> forStream(EventStream<?> stream) {
        return byStream.get(stream.name());
    }
}
