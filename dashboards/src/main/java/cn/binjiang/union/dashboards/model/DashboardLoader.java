package cn.binjiang.union.dashboards.model;

import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.YamlFile;
import cn.binjiang.union.settings.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads dashboard YAML files and checks them completely, so that a bad file stops the server at start
 * with a message naming the file and the path in it ({@code district.yaml: panels[3].grain: ...}). Panel ids
 * are unique across all dashboards (the API addresses a panel by id alone).
 */
public final class DashboardLoader {
    /** The bundled dashboards on the classpath. */
    public static final List<String> BUNDLED = List.of("district");

    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Set<String> DASHBOARD_FIELDS = Set.of("title", "panels");

    private DashboardLoader() {}

    /**
     * The dashboards of {@code dir} ({@code *.yaml}), or the bundled ones when empty; their panels name only KPIs and
     * slices of {@code catalog}.
     */
    public static Map<String, Dashboard> load(Optional<Path> dir, KpiCatalog catalog) {
        Map<String, YamlNode> files = dir.isPresent() ? files(dir.get()) : bundled();
        Map<String, YamlNode> panelsById = new HashMap<>();
        Map<String, Dashboard> dashboards = new LinkedHashMap<>();
        files.forEach((name, root) -> dashboards.put(name, dashboard(name, root, panelsById, catalog)));
        return dashboards;
    }

    /** Parses one dashboard file's text; {@code name} is its file name without {@code .yaml}. */
    public static Dashboard parse(String name, String yaml, KpiCatalog catalog) {
        return dashboard(name, YamlFile.parse(name + ".yaml", yaml), new HashMap<>(), catalog);
    }

    private static Map<String, YamlNode> files(Path dir) {
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigurationException("dashboards.dir " + dir + ": cannot read: " + e.getMessage(), e);
        }
        if (files.isEmpty()) throw new ConfigurationException("dashboards.dir " + dir + ": no *.yaml dashboard");
        Map<String, YamlNode> roots = new LinkedHashMap<>();
        for (Path f : files) roots.put(f.getFileName().toString().replaceFirst("\\.yaml$", ""), YamlFile.read(f));
        return roots;
    }

    private static Map<String, YamlNode> bundled() {
        Map<String, YamlNode> roots = new LinkedHashMap<>();
        for (String name : BUNDLED) {
            String resource = "dashboards/" + name + ".yaml";
            try (InputStream in = DashboardLoader.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ConfigurationException("dashboard resource " + resource + " missing from the classpath");
                }
                roots.put(name, YamlFile.read(resource, in));
            } catch (IOException e) {
                throw new ConfigurationException(resource + ": cannot read: " + e.getMessage(), e);
            }
        }
        return roots;
    }

    /** @param panelsById the panels of the dashboards read before, by id; this dashboard's are added */
    private static Dashboard dashboard(
            String name, YamlNode root, Map<String, YamlNode> panelsById, KpiCatalog catalog) {
        if (!ID.matcher(name).matches()) {
            throw root.problem("a dashboard's name (its file name without .yaml) must match " + ID.pattern());
        }
        root.allowKeys(DASHBOARD_FIELDS);
        String title = root.required("title").text();
        List<Panel> panels = new ArrayList<>();
        for (YamlNode node : root.get("panels").nonEmptyElements()) {
            Panel panel = PanelReader.read(node, catalog);
            YamlNode first = panelsById.putIfAbsent(panel.id(), node);
            if (first != null) {
                throw node.get("id")
                        .problem("'" + panel.id() + "' is used by another panel (" + first.source() + ": "
                                + first.path() + ")");
            }
            panels.add(panel);
        }
        return new Dashboard(name, title, List.copyOf(panels));
    }
}
