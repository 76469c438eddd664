package cn.binjiang.union.jobs.metrics;

import cn.binjiang.union.jobs.wiring.JobSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of Flink's Prometheus reporter, read as samples (name, labels, value). Flink names a
 * metric by its scope ({@code flink_taskmanager_job_task_operator_<name>}) and puts everything that
 * tells subtasks apart (job, operator, subtask, a key-value group such as {@code reason}) in labels,
 * so a test asks for a name and the labels it cares about and sums over the rest.
 */
public record PrometheusScrape(List<Sample> samples) {
    public record Sample(String name, Map<String, String> labels, double value) {}

    private static final String REPORTER = "metrics.reporter.prom.";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /**
     * The metrics reporter settings of a job's config file ({@code jobs/config/...}, as {@code ./platform}
     * starts the job with it) as {@code --key value} pairs, its port moved to {@code port}.
     */
    public static String[] reporterSettings(String configFile, int port) {
        List<String> args = new ArrayList<>();
        JobSettings.read(new String[] {"--config", configFile}, Map.of(), Map.of())
                .forEach((key, value) -> {
                    if (key.startsWith(REPORTER))
                        args.addAll(
                                List.of("--" + key, key.equals(REPORTER + "port") ? Integer.toString(port) : value));
                });
        if (args.isEmpty()) throw new IllegalStateException(configFile + " configures no metrics reporter " + REPORTER);
        return args.toArray(String[]::new);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static PrometheusScrape of(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("scrape of port " + port + " answered " + r.statusCode());
        return parse(r.body());
    }

    static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) throw new IllegalArgumentException("not a sample line: " + line);
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find())
                    labels.put(
                            l.group(1),
                            l.group(2)
                                    .replace("\\\"", "\"")
                                    .replace("\\n", "\n")
                                    .replace("\\\\", "\\"));
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new PrometheusScrape(List.copyOf(samples));
    }

    /** The samples of metric {@code name} whose labels include {@code labels}. */
    public List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    public List<Sample> find(String name) {
        return find(name, Map.of());
    }

    /** The sum of {@link #find}: a counter over all subtasks (and operators) that report it. */
    public double sum(String name, Map<String, String> labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    public double sum(String name) {
        return sum(name, Map.of());
    }
}
