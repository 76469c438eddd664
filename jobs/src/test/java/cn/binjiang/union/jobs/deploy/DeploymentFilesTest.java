package cn.binjiang.union.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import cn.binjiang.union.jobs.alerts.config.AlertJobConfig;
import cn.binjiang.union.jobs.kpi.config.KpiJobConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The deployment files cannot run on these machines (no Docker engine, no Kubernetes); this keeps them true to
 * the code and to the versions the parent pom pins (issue 17): the operator's FlinkDeployments in infra/k8s, the
 * Dockerfile that builds their image, and infra/docker-compose.yml. Each entry class has a {@code main}, each
 * argument is a key its job accepts and the job's own loader takes the arguments with the Secret's values, each
 * file an argument names is in the image, each Flink setting is a Flink 2.2 option under its current name with a
 * value of its type, and each image runs the version the pom pins. Beside the jobs because it loads their classes.
 *
 * <p>Longer than 300 lines on purpose: one test per promise the files make, with the small readers of YAML, Dockerfile and pom they need.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("infra/k8s");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Each job by its entry class: the options it accepts and the loader its main() checks its settings with. */
    private static final Map<String, Job> JOBS = Map.of(
            "cn.binjiang.union.jobs.kpi.KpiJobMain",
                    new Job(KpiJobConfig.OPTIONS, KpiJobConfig::load, KpiJobConfig.SECRET_ENV),
            "cn.binjiang.union.jobs.alerts.AlertJobMain",
                    new Job(AlertJobConfig.OPTIONS, AlertJobConfig::load, AlertJobConfig.SECRET_ENV));

    /** The Flink option classes the manifests and the compose file draw their settings from. */
    private static final List<Class<?>> FLINK_OPTIONS = List.of(
            CheckpointingOptions.class,
            StateBackendOptions.class,
            HighAvailabilityOptions.class,
            JobManagerOptions.class,
            TaskManagerOptions.class,
            PipelineOptions.class);
    /** Settings read by the Flink Kubernetes Operator, not by Flink (checked against the operator's documentation). */
    private static final List<String> OPERATOR_PREFIXES = List.of("job.autoscaler.", "kubernetes.operator.");

    private record Job(
            List<ConfigOption<?>> options,
            BiFunction<String[], Map<String, String>, Configuration> loader,
            Map<String, String> secretEnv) {}

    @Test
    void kubernetesManifestsAreFlinkDeploymentsOfTheJobsAndTheirSecret() throws Exception {
        List<JsonNode> docs = manifests();
        assertThat(docs)
                .extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("FlinkDeployment", "FlinkDeployment", "Secret");
        assertThat(flinkDeployments(docs))
                .allSatisfy(d -> {
                    assertThat(d.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
                    assertThat(d.path("spec").path("job").path("upgradeMode").asText())
                            .isEqualTo("savepoint");
                    JsonNode flink = d.path("spec").path("flinkConfiguration");
                    assertThat(flink.path(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE.key())
                                    .asText())
                            .isEqualTo("EXACTLY_ONCE");
                    assertThat(flink.path(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key())
                                    .asText())
                            .startsWith("s3://");
                    assertThat(flink.path(CheckpointingOptions.SAVEPOINT_DIRECTORY.key())
                                    .asText())
                            .startsWith("s3://");
                    assertThat(flink.path(HighAvailabilityOptions.HA_MODE.key()).asText())
                            .isEqualTo("kubernetes");
                    assertThat(flink.path(HighAvailabilityOptions.HA_STORAGE_PATH.key())
                                    .asText())
                            .startsWith("s3://");
                })
                .extracting(d -> d.path("spec").path("job").path("entryClass").asText())
                .containsExactlyInAnyOrderElementsOf(JOBS.keySet());
    }

    @Test
    void everyFlinkDeploymentStartsAJobMainThatAcceptsItsArgumentsAndTheSecret() throws Exception {
        List<JsonNode> docs = manifests();
        Dockerfile image = Dockerfile.read();
        for (JsonNode deployment : flinkDeployments(docs)) {
            JsonNode job = deployment.path("spec").path("job");
            String entryClass = job.path("entryClass").asText();
            Method main = Class.forName(entryClass).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()))
                    .as(entryClass + ".main")
                    .isTrue();
            assertThat(JOBS).as("a job of this project").containsKey(entryClass);
            Set<String> keys = new HashSet<>();
            JOBS.get(entryClass).options().forEach(o -> keys.add(o.key()));
            List<String> args = new ArrayList<>();
            job.path("args").forEach(a -> args.add(a.asText()));
            assertThat(args.size() % 2)
                    .as(entryClass + " args " + args + " come as --key value pairs")
                    .isZero();
            for (int i = 0; i < args.size(); i += 2) {
                assertThat(args.get(i)).as(entryClass + " argument").startsWith("--");
                String key = args.get(i).substring(2);
                assertThat(key.equals("config") || keys.contains(key))
                        .as(entryClass + " accepts --" + key)
                        .isTrue();
            }
            // the job's own check, as main() runs it in the JobManager: the files the arguments name read from
            // where the image build takes them, the environment from the Secret the pods get
            String[] inRepository =
                    args.stream().map(a -> image.sourceOf(a).orElse(a)).toArray(String[]::new);
            assertThatCode(() -> JOBS.get(entryClass).loader().apply(inRepository, secret(docs)))
                    .as(entryClass + " starts with " + args + " and the Secret")
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void theSecretHoldsOnlyWhatTheJobsReadAndBothPodsOfEveryJobGetIt() throws Exception {
        List<JsonNode> docs = manifests();
        JsonNode secret = docs.stream()
                .filter(d -> d.path("kind").asText().equals("Secret"))
                .findFirst()
                .orElseThrow();
        Set<String> readByAJob = new HashSet<>();
        JOBS.values().forEach(j -> readByAJob.addAll(j.secretEnv().keySet()));
        assertThat(secret(docs).keySet())
                .as("environment variables a job reads a secret from")
                .isSubsetOf(readByAJob);
        for (JsonNode deployment : flinkDeployments(docs)) {
            // spec.podTemplate applies to the JobManager, where main() reads the secrets, and to the TaskManagers
            JsonNode container = deployment
                    .path("spec")
                    .path("podTemplate")
                    .path("spec")
                    .path("containers")
                    .path(0);
            assertThat(container.path("name").asText()).isEqualTo("flink-main-container");
            assertThat(container
                            .path("envFrom")
                            .path(0)
                            .path("secretRef")
                            .path("name")
                            .asText())
                    .as(deployment.path("metadata").path("name").asText() + " gets the Secret")
                    .isEqualTo(secret.path("metadata").path("name").asText());
        }
    }

    @Test
    void theImageHoldsTheShadedJarAndEveryFileTheArgumentsName() throws Exception {
        Dockerfile image = Dockerfile.read();
        // the shade plugin's jar (classifier flink, jobs/pom.xml) of the version being built
        String shadedJar = "jobs/target/jobs-" + ParentPom.read().version() + "-flink.jar";
        for (JsonNode deployment : flinkDeployments(manifests())) {
            JsonNode job = deployment.path("spec").path("job");
            String jarUri = job.path("jarURI").asText();
            assertThat(jarUri).startsWith("local://");
            String jarSource =
                    image.sourceOf(jarUri.substring("local://".length())).orElse(null);
            assertThat(jarSource).as(jarUri + " is copied into the image").isNotNull();
            assertThat(FileSystems.getDefault()
                            .getPathMatcher("glob:" + jarSource)
                            .matches(Path.of(shadedJar)))
                    .as(jarSource + " is the shaded jar " + shadedJar)
                    .isTrue();
            for (JsonNode arg : job.path("args")) {
                if (!arg.asText().startsWith("/")) continue;
                String source = image.sourceOf(arg.asText()).orElse(null);
                assertThat(source)
                        .as(arg.asText() + " is copied into the image")
                        .isNotNull();
                assertThat(ROOT.resolve(source))
                        .as("the source of " + arg.asText())
                        .isRegularFile();
            }
        }
        List<String> ignoreFile = Files.readAllLines(K8S.resolve("Dockerfile.dockerignore"));
        assertThat(image.copies().values())
                .as("sent to the build by Dockerfile.dockerignore")
                .allSatisfy(source -> assertThat(ignoreFile).contains("!" + source));
    }

    @Test
    void everyFlinkSettingIsAFlinkOptionUnderItsCurrentNameWithAValueOfItsType() throws Exception {
        Map<String, ConfigOption<?>> flinkOptions = flinkOptions();
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        for (JsonNode deployment : flinkDeployments(manifests())) {
            Map<String, String> flink = new LinkedHashMap<>();
            deployment
                    .path("spec")
                    .path("flinkConfiguration")
                    .fields()
                    .forEachRemaining(f -> flink.put(f.getKey(), f.getValue().asText()));
            settings.put(deployment.path("metadata").path("name").asText(), flink);
        }
        JsonNode services =
                YAML.readTree(ROOT.resolve("infra/docker-compose.yml").toFile()).path("services");
        for (String service : List.of("flink-jobmanager", "flink-taskmanager")) {
            Properties properties = new Properties();
            String flinkProperties = services.path(service)
                    .path("environment")
                    .path("FLINK_PROPERTIES")
                    .asText();
            properties.load(new StringReader(flinkProperties));
            Map<String, String> flink = new LinkedHashMap<>();
            properties.forEach((k, v) -> flink.put((String) k, (String) v));
            settings.put("compose " + service, flink);
        }
        settings.forEach((where, flink) -> {
            Configuration parsed = Configuration.fromMap(flink);
            flink.keySet().stream()
                    .filter(key -> OPERATOR_PREFIXES.stream().noneMatch(key::startsWith))
                    .forEach(key -> {
                        ConfigOption<?> option = flinkOptions.get(key);
                        assertThat(option)
                                .as(
                                        where + ": " + key + " is a Flink 2.2 option under its current name"
                                                + " (a deprecated name, or an option of a class FLINK_OPTIONS does not list yet?)")
                                .isNotNull();
                        assertThatCode(() -> parsed.get(option))
                                .as(where + ": " + key + " = " + flink.get(key))
                                .doesNotThrowAnyException();
                    });
        });
    }

    @Test
    void composeFileDefinesTheWholeStackOnTheLocalStacksPorts() throws IOException {
        JsonNode services =
                YAML.readTree(ROOT.resolve("infra/docker-compose.yml").toFile()).path("services");
        assertThat(services.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("kafka", "clickhouse", "flink-jobmanager", "flink-taskmanager");
        assertThat(services.path("kafka").path("ports").get(0).asText()).isEqualTo("9092:9092");
        assertThat(services.path("clickhouse").path("ports").get(0).asText()).isEqualTo("8123:8123");
    }

    @Test
    void everyImageRunsTheVersionsTheParentPomPins() throws Exception {
        ParentPom pom = ParentPom.read();
        String flinkVersion = pom.property("flink.version");
        String base = Dockerfile.read().from();

        Matcher flinkImage = Pattern.compile("flink:" + Pattern.quote(flinkVersion) + "-java(\\d+)")
                .matcher(base);
        assertThat(flinkImage.matches())
                .as("the Dockerfile's FROM " + base + " is Flink " + flinkVersion)
                .isTrue();
        assertThat(Integer.parseInt(flinkImage.group(1)))
                .as("its Java runs what the jobs are compiled for")
                .isGreaterThanOrEqualTo(Integer.parseInt(pom.property("maven.compiler.release")));

        JsonNode services =
                YAML.readTree(ROOT.resolve("infra/docker-compose.yml").toFile()).path("services");
        assertThat(services.path("flink-jobmanager").path("image").asText()).isEqualTo(base);
        assertThat(services.path("flink-taskmanager").path("image").asText()).isEqualTo(base);
        assertThat(services.path("kafka").path("image").asText())
                .isEqualTo("apache/kafka:" + pom.property("kafka.version"));
        String clickhouse = pom.property("clickhouse.server.version");
        assertThat(services.path("clickhouse").path("image").asText())
                .isEqualTo("clickhouse/clickhouse-server:" + clickhouse);

        Properties chdb = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve("infra/bin/chdb.version"))) {
            chdb.load(in);
        }
        assertThat(chdb.getProperty("CHDB_VERSION"))
                .as("chDB carries the ClickHouse release it embeds in its version")
                .startsWith(clickhouse + ".");

        String[] majorMinor = flinkVersion.split("\\.");
        for (JsonNode deployment : flinkDeployments(manifests())) {
            assertThat(deployment.path("spec").path("flinkVersion").asText())
                    .isEqualTo("v" + majorMinor[0] + "_" + majorMinor[1]);
            assertThat(deployment.path("spec").path("image").asText())
                    .as("the image built from this version")
                    .endsWith("/jobs:" + pom.version());
        }
    }

    /** Every document of every manifest file. */
    private static List<JsonNode> manifests() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it =
                        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    docs.addAll(it.readAll());
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> flinkDeployments(List<JsonNode> docs) {
        return docs.stream()
                .filter(d -> d.path("kind").asText().equals("FlinkDeployment"))
                .toList();
    }

    /** The Secret's values by name: the environment the jobs' pods get. */
    private static Map<String, String> secret(List<JsonNode> docs) {
        Map<String, String> env = new HashMap<>();
        docs.stream()
                .filter(d -> d.path("kind").asText().equals("Secret"))
                .forEach(s -> s.path("stringData")
                        .fields()
                        .forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText())));
        return env;
    }

    private static Map<String, ConfigOption<?>> flinkOptions() throws IllegalAccessException {
        Map<String, ConfigOption<?>> options = new HashMap<>();
        for (Class<?> holder : FLINK_OPTIONS) {
            for (Field field : holder.getFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && ConfigOption.class.isAssignableFrom(field.getType())
                        && !field.isAnnotationPresent(Deprecated.class)) {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    options.put(option.key(), option);
                }
            }
        }
        return options;
    }

    /** What infra/k8s/Dockerfile builds on and copies: image path to the source in the repository. */
    private record Dockerfile(String from, Map<String, String> copies) {
        static Dockerfile read() throws IOException {
            String from = null;
            Map<String, String> copies = new LinkedHashMap<>();
            String text = Files.readString(K8S.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
            for (String line : text.split("\n")) {
                List<String> words = new ArrayList<>(List.of(line.trim().split("\\s+")));
                if (words.get(0).equals("FROM")) from = words.get(1);
                if (words.get(0).equals("COPY")) {
                    words.removeIf(w -> w.startsWith("--"));
                    assertThat(words)
                            .as("one source and a destination: " + line)
                            .hasSize(3);
                    copies.put(words.get(2), words.get(1));
                }
            }
            return new Dockerfile(from, copies);
        }

        Optional<String> sourceOf(String imagePath) {
            return Optional.ofNullable(copies.get(imagePath));
        }
    }

    /** The parent pom's version and properties, where every version of the platform is pinned. */
    private record ParentPom(String version, Map<String, String> properties) {
        static ParentPom read() throws Exception {
            Element project = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(ROOT.resolve("pom.xml").toFile())
                    .getDocumentElement();
            Map<String, String> properties = new HashMap<>();
            String version = null;
            for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("version"))
                    version = n.getTextContent().trim();
                if (n.getNodeName().equals("properties")) {
                    for (Node p = n.getFirstChild(); p != null; p = p.getNextSibling()) {
                        if (p instanceof Element e)
                            properties.put(e.getTagName(), e.getTextContent().trim());
                    }
                }
            }
            return new ParentPom(version, properties);
        }

        String property(String name) {
            assertThat(properties).as("the parent pom pins " + name).containsKey(name);
            return properties.get(name);
        }
    }
}
