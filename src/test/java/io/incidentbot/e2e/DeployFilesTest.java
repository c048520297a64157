package io.incidentbot.e2e;

import io.incidentbot.config.DeployFiles;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What can be checked of the container files without a container engine: the Dockerfile builds
 * with the README's command and runs the jar as a non-root user with its health check; compose.yaml
 * runs PostgreSQL of the major version the tests use, with a health check, and its bot service's
 * environment and command (the image's entry point) run the real bot against a local PostgreSQL.
 */
class DeployFilesTest {
    private static final String BUILD = "mvn -B -q -DskipTests package";

    @TempDir
    Path dir;

    private static JsonNode compose() throws Exception {
        return new YAMLMapper().readTree(Files.readString(Path.of("compose.yaml"), StandardCharsets.UTF_8));
    }

    @Test
    void theQuickStartIsTwoCommandsAndCiRunsTheTestOne() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains(BUILD + " && java -jar target/incident-bot.jar demo"), "the README's first command");
        assertTrue(readme.contains("\nmvn -B verify\n"), "the README's test command");
        assertTrue(Files.readAllLines(Path.of(".ci/run")).contains("mvn -B verify"), ".ci/run runs the same test command");
    }

    @Test
    void theDockerfileBuildsLikeTheReadmeAndRunsAsNonRoot() throws Exception {
        List<DeployFiles.Stage> stages = DeployFiles.dockerfileStages();
        assertEquals(2, stages.size(), "a Maven build stage, then the runtime image");
        assertTrue(stages.get(0).from().matches("maven:\\S+-17 AS build"), stages.get(0).from());
        assertTrue(stages.get(0).all("RUN").stream().anyMatch(r -> r.endsWith(" " + BUILD) || r.equals(BUILD)),
                "the build stage runs the README's build command: " + stages.get(0).all("RUN"));
        for (String copy : stages.get(0).all("COPY")) {
            String source = copy.split(" ")[0];
            assertTrue(Files.exists(Path.of(source)), "COPY " + source + " names a file of the repository");
        }

        DeployFiles.Stage runtime = stages.get(1);
        assertEquals("eclipse-temurin:17-jre", runtime.from());
        List<String> users = runtime.all("USER");
        assertEquals(1, users.size(), "the image says which user runs the bot");
        String user = users.get(0).split(":")[0];
        assertFalse(user.equals("root") || user.equals("0"), "not root: " + users.get(0));
        assertEquals(List.of("3000"), runtime.all("EXPOSE"));
        assertEquals(List.of("/data"), runtime.all("VOLUME"));
        assertEquals("/data", runtime.all("WORKDIR").get(runtime.all("WORKDIR").size() - 1));
        assertEquals("jdbc:sqlite:/data/incidents.db", runtime.env().get("DATABASE_URL"), "SQLite lives in the volume");
        assertEquals("3000", runtime.env().get("PORT"));
        assertTrue(runtime.env().containsKey("JAVA_OPTS"), "heap settings have a place");
        String health = runtime.all("HEALTHCHECK").get(0);
        assertTrue(health.contains("\"-jar\", \"/app/incident-bot.jar\", \"health\"]"), health);
        String entry = runtime.all("ENTRYPOINT").get(0);
        assertTrue(entry.contains("exec java $JAVA_OPTS -jar /app/incident-bot.jar"), entry);
        assertTrue(runtime.all("COPY").get(0).startsWith("--from=build /src/target/incident-bot.jar "), runtime.all("COPY").toString());
        assertTrue(Files.readAllLines(Path.of(".dockerignore")).contains(".env"), "secrets stay out of the build context");
    }

    @Test
    void composeRunsTheBotWithAHealthyPostgresql() throws Exception {
        JsonNode compose = compose();
        JsonNode bot = compose.at("/services/bot");
        JsonNode db = compose.at("/services/db");
        assertEquals(".", bot.at("/build").asString(), "the bot is this repository's Dockerfile");
        assertEquals(".env", bot.at("/env_file").asString(), "settings from .env");
        assertEquals("service_healthy", bot.at("/depends_on/db/condition").asString());
        assertTrue(bot.at("/environment/DATABASE_URL").asString().startsWith("jdbc:postgresql://db:5432/"));
        Matcher image = Pattern.compile("postgres:(\\d+)").matcher(db.at("/image").asString());
        assertTrue(image.matches(), db.at("/image").asString());
        assertTrue(db.at("/healthcheck/test").toString().contains("pg_isready"), "the database has a health check");
        assertTrue(db.at("/volumes/0").asString().endsWith(":/var/lib/postgresql/data"), "its data in a volume");

        // the same major version as the PostgreSQL the test suite runs on (CI: Debian's)
        String url = TestDatabases.postgresUrl().orElse(null);
        if (url != null) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SHOW server_version_num")) {
                r.next();
                assertEquals(Integer.parseInt(image.group(1)), Integer.parseInt(r.getString(1)) / 10000,
                        "compose.yaml's postgres image is the major version the tests run on");
            }
        }
    }

    /**
     * The compose bot service's environment, resolved as compose resolves it from .env, with the db
     * service's address replaced by the local test PostgreSQL: the image's command (no arguments: the
     * bot) starts and the image's health check command passes.
     */
    @Test
    void theComposeServiceEnvironmentRunsTheBotOnPostgresql() throws Exception {
        TestDatabases.TestDb schema = TestDatabases.postgres(); // skips without TEST_POSTGRES_URL
        URI local = URI.create(schema.url().substring("jdbc:".length()));
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : local.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        // what the operator's .env holds for compose: the password (and user) the db service is created with
        Map<String, String> dotEnv = Map.of("PGUSER", query.get("user"), "PGPASSWORD", query.get("password"));

        Map<String, String> env = new LinkedHashMap<>();
        compose().at("/services/bot/environment").properties().forEach(e -> env.put(e.getKey(), interpolate(e.getValue().asString(), dotEnv)));
        env.putAll(dotEnv); // env_file: .env
        String composeUrl = env.get("DATABASE_URL");
        assertEquals("jdbc:postgresql://db:5432/incidents", composeUrl);
        env.put("DATABASE_URL", "jdbc:postgresql://" + local.getHost() + ":" + local.getPort() + local.getPath()
                + "?currentSchema=" + query.get("currentSchema"));
        env.remove("PORT"); // the test's bot takes a free port

        try (FakeSlack fake = new FakeSlack()) {
            ChildBot child = new ChildBot(dir, fake);
            env.forEach(child::withEnv);
            try (ChildBot bot = child.start()) {
                assertTrue(bot.logText().contains("database jdbc:postgresql://"), bot.logText());
                assertEquals(200, bot.get("/health").statusCode());
                ProcessBuilder health = new ProcessBuilder(ChildBot.javaBinary(), "-cp", ChildBot.testClasspath(),
                        "io.incidentbot.cli.Main", "health").redirectErrorStream(true);
                health.environment().put("PORT", Integer.toString(bot.port()));
                Process p = health.start();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), out);
                assertTrue(out.startsWith("healthy: {\"status\":\"ok\""), out);
            }
        }
        assertEquals(List.of("0"), schema.query("SELECT count(*) FROM incident"), "the bot made its schema there");
    }

    /** ${NAME} and ${NAME:-default} as compose fills them from .env; ${NAME:?message} must be set. */
    private static String interpolate(String value, Map<String, String> dotEnv) {
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([-?])([^}]*))?}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = dotEnv.get(m.group(1));
            if (v == null || v.isEmpty()) {
                assertFalse("?".equals(m.group(2)), "compose needs " + m.group(1) + " in .env");
                v = "-".equals(m.group(2)) ? m.group(3) : "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }
}
