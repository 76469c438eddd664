package cn.binjiang.union.operations.migration;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the migration files, ordered by version, from a folder or from a classpath location (also inside a jar). */
public final class MigrationSource {
    /** Where the project's own ClickHouse migrations live on the classpath. */
    public static final String CLASSPATH_LOCATION = "db/clickhouse";

    private MigrationSource() {}

    public static List<Migration> fromClasspath(String location) {
        URL url = MigrationSource.class.getClassLoader().getResource(location);
        if (url == null) throw new MigrationException("no migrations on the classpath at " + location);
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = openJar(uri)) {
                    return fromFolder(jar.provider().getPath(uri));
                }
            }
            return fromFolder(Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new MigrationException("cannot read migrations at " + url, e);
        }
    }

    public static List<Migration> fromFolder(Path folder) {
        List<Migration> migrations = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (Migration.isMigrationFile(name)) {
                    migrations.add(Migration.parse(name, Files.readString(file, StandardCharsets.UTF_8)));
                } else if (name.endsWith(".sql")) {
                    throw new MigrationException(name + ": a migration file is named V<number>__<words>.sql");
                }
            }
        } catch (IOException e) {
            throw new MigrationException("cannot read migrations in " + folder, e);
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new MigrationException(
                        "two migrations have version " + migrations.get(i).version() + ": "
                                + migrations.get(i - 1).fileName() + " and "
                                + migrations.get(i).fileName());
            }
        }
        return migrations;
    }

    private static FileSystem openJar(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, new HashMap<String, Object>(Map.of()));
        } catch (FileSystemAlreadyExistsException e) {
            throw new MigrationException("the jar holding " + uri + " is already open elsewhere", e);
        }
    }
}
