package cn.binjiang.union.seeds.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One reference file of {@code seeds/src/main/resources/reference/}: {@code #} lines are notes for
 * people, the first other line names the columns, which are those of the ClickHouse table it
 * fills. Values hold no commas except in the last column (a note), so a row splits into as many
 * fields as there are columns.
 */
public record ReferenceCsv(String name, List<String> columns, List<List<String>> rows) {

    public static ReferenceCsv read(String name) {
        String resource = "/reference/" + name + ".csv";
        try (InputStream in = ReferenceCsv.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no " + resource + " on the classpath");
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
            List<String> columns = List.of(lines.get(0).split(","));
            List<List<String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(",", columns.size());
                if (fields.length != columns.size())
                    throw new IllegalStateException(
                            resource + ": '" + line + "' has not " + columns.size() + " fields");
                rows.add(Arrays.asList(fields));
            }
            return new ReferenceCsv(name, columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    /** The values of one column, in file order. */
    public List<String> column(String column) {
        int i = columns.indexOf(column);
        if (i < 0) throw new IllegalArgumentException(name + " has no column " + column);
        return rows.stream().map(row -> row.get(i)).toList();
    }
}
