package cn.binjiang.union.dashboards.model;

import cn.binjiang.union.dashboards.config.DashboardOptions;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.settings.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KPI catalog and the dashboards the server shows now. Read at start, where a bad file stops the server naming
 * the setting, the file and the path in it; read again when one of their files changes, so that a KPI added to the
 * catalog file (the KPI job's {@code kpi.catalog}) and to a panel shows on the next refresh, without a restart. A
 * change is looked for on a request at most every {@link #CHECK_EVERY}; files that changed but do not load are
 * logged, and what was shown before stays.
 */
public final class Definitions {
    private static final Logger LOG = LoggerFactory.getLogger(Definitions.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    /** One consistent reading: every panel names KPIs of this catalog. */
    public record Current(KpiCatalog catalog, Map<String, Dashboard> dashboards, Map<String, Panel> panels) {
        static Current of(KpiCatalog catalog, Map<String, Dashboard> dashboards) {
            Map<String, Panel> panels = new LinkedHashMap<>();
            dashboards.values().forEach(d -> d.panels().forEach(p -> panels.put(p.id(), p)));
            // in file order: the list of dashboards, and the monthly report's fallback, follow it
            return new Current(
                    catalog,
                    Collections.unmodifiableMap(new LinkedHashMap<>(dashboards)),
                    Collections.unmodifiableMap(panels));
        }
    }

    private final Optional<Path> catalogFile;
    private final Optional<Path> dashboardsDir;
    private volatile Current current;
    private String readStamp;
    private long nextCheckNanos;

    private Definitions(Optional<Path> catalogFile, Optional<Path> dashboardsDir) {
        this.catalogFile = catalogFile;
        this.dashboardsDir = dashboardsDir;
        this.readStamp = stamp();
        this.current = read();
        this.nextCheckNanos = System.nanoTime() + CHECK_EVERY.toNanos();
    }

    /**
     * The catalog of {@code catalogFile} (empty: the jar's) and the dashboards of {@code dashboardsDir} (empty: the
     * bundled ones).
     *
     * @throws ConfigurationException naming the setting and what is wrong
     */
    public static Definitions load(Optional<Path> catalogFile, Optional<Path> dashboardsDir) {
        return new Definitions(catalogFile, dashboardsDir);
    }

    /** The jar's catalog and the bundled dashboards, which never change. */
    public static Definitions bundled() {
        return load(Optional.empty(), Optional.empty());
    }

    /** What to show now, read again first if a file changed since the last look. */
    public Current current() {
        if (catalogFile.isPresent() || dashboardsDir.isPresent()) refreshIfDue();
        return current;
    }

    private synchronized void refreshIfDue() {
        long now = System.nanoTime();
        if (now - nextCheckNanos < 0) return;
        nextCheckNanos = now + CHECK_EVERY.toNanos();
        String stamp = stamp();
        if (stamp.equals(readStamp)) return;
        readStamp = stamp;
        try {
            current = read();
            LOG.info(
                    "KPI catalog and dashboards read again: {} KPIs, {} panels",
                    current.catalog().all().size(),
                    current.panels().size());
        } catch (RuntimeException e) {
            LOG.warn(
                    "KPI catalog or dashboards changed but do not load, still showing the ones before: {}",
                    e.getMessage());
        }
    }

    private Current read() {
        KpiCatalog catalog = catalogFile.map(Definitions::catalogAt).orElseGet(KpiCatalog::fromClasspath);
        return Current.of(catalog, DashboardLoader.load(dashboardsDir, catalog));
    }

    private static KpiCatalog catalogAt(Path file) {
        try {
            return KpiCatalog.fromFile(file);
        } catch (RuntimeException e) {
            throw new ConfigurationException(DashboardOptions.KPI_CATALOG.key() + ": " + e.getMessage(), e);
        }
    }

    /** The files' modification times and sizes: what changes when one of them is written. */
    private String stamp() {
        Stream<Path> dashboardFiles = dashboardsDir.map(Definitions::yamlFiles).orElse(Stream.empty());
        return Stream.concat(catalogFile.stream(), dashboardFiles)
                .map(Definitions::stampOf)
                .collect(Collectors.joining(";"));
    }

    private static Stream<Path> yamlFiles(Path dir) {
        try (Stream<Path> listed = Files.list(dir)) {
            return listed.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList().stream();
        } catch (IOException e) {
            return Stream.of(dir);
        }
    }

    private static String stampOf(Path file) {
        try {
            return file + "@" + Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
        } catch (IOException e) {
            return file + "@unreadable";
        }
    }
}
