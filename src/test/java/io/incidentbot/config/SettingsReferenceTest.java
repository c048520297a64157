package io.incidentbot.config;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The settings people read about and write are the settings the bot reads: the README's configuration
 * table names exactly them, and .env.example, compose.yaml and the Dockerfile name no other.
 */
class SettingsReferenceTest {
    private static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\"([A-Z0-9_]+)\"\\)");
    private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::-[^}]*)?}");

    /** Every key the settings reader asks for, with values that take it down every branch. */
    static Set<String> readBySettingsReader() {
        Set<String> asked = new TreeSet<>();
        HashMap<String, String> values = new HashMap<>() {
            @Override
            public String get(Object key) {
                asked.add((String) key);
                return super.get(key);
            }
        };
        values.put("SLACK_BOT_TOKEN", "xoxb-1");
        values.put("SLACK_SIGNING_SECRET", "secret");
        values.put("SLACK_CLIENT_ID", "1.2");
        values.put("SLACK_CLIENT_SECRET", "client-secret");
        values.put("WEB_BASE_URL", "https://incidents.example.com");
        values.put("DATABASE_URL", "jdbc:postgresql://db.example.com:5432/incidents");
        values.put("WEBHOOK_URLS", "https://hooks.example.com/incidents");
        values.put("WEBHOOK_SECRET", "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        Config.fromMap(values);
        return asked;
    }

    /** Settings read straight from the environment (and logback's own substitutions), outside the reader. */
    static Set<String> readFromTheEnvironment() throws Exception {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                Matcher m = GETENV.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        Matcher m = LOGBACK_VARIABLE.matcher(Files.readString(Path.of("src/main/resources/logback.xml")));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static Set<String> allSettings() throws Exception {
        Set<String> all = new TreeSet<>(readBySettingsReader());
        all.addAll(readFromTheEnvironment());
        return all;
    }

    /**
     * Settings read ahead of their feature (checked at start, not yet documented); empty now that paging
     * and webhooks have their README rows. Add a name only while its feature is being built.
     */
    static final Set<String> NOT_YET_DOCUMENTED = Set.of();

    /**
     * The names in the first column of the README's settings tables (those headed
     * "| Variable | Default | Meaning |": Configuration, and the integrations' own); "`A` / `B`" rows name two.
     */
    static Set<String> readmeTables() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("\n## Configuration\n"), "the README has a Configuration section");
        Set<String> names = new TreeSet<>();
        boolean inTable = false;
        for (String line : readme.split("\n")) {
            if (line.equals("| Variable | Default | Meaning |")) {
                inTable = true;
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
            }
            if (!inTable || !line.startsWith("| `")) {
                continue;
            }
            Matcher m = Pattern.compile("`([A-Z0-9_]+)`").matcher(line.substring(0, line.indexOf('|', 1)));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void theReadmeTablesNameEverySettingAndNoOther() throws Exception {
        assertTrue(readBySettingsReader().containsAll(Set.of("SLACK_BOT_TOKEN", "DATABASE_URL", "WEB_BASE_URL",
                "INCIDENT_TAGS", "PGPASSWORD", "ALERT_INTAKE_TOKEN")), readBySettingsReader().toString());
        Set<String> documented = new TreeSet<>(allSettings());
        documented.removeAll(NOT_YET_DOCUMENTED);
        assertEquals(documented, readmeTables());
    }

    @Test
    void envExampleNamesOnlySettings() throws Exception {
        Set<String> named = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of(".env.example"), StandardCharsets.UTF_8)) {
            Matcher m = Pattern.compile("^#?\\s?([A-Z][A-Z0-9_]+)=").matcher(line);
            if (m.find()) {
                named.add(m.group(1));
            }
        }
        assertTrue(named.contains("SLACK_BOT_TOKEN"), named.toString());
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(allSettings());
        assertEquals(Set.of(), unknown, ".env.example names settings the bot does not read");
    }

    @Test
    void composeAndDockerfileNameOnlySettings() throws Exception {
        Set<String> settings = allSettings();
        JsonNode compose = new YAMLMapper().readTree(Files.readString(Path.of("compose.yaml")));
        Set<String> named = new TreeSet<>();
        compose.at("/services/bot/environment").propertyNames().forEach(named::add);
        // ${NAME} is compose's (from .env); $${NAME} is left to the container's shell
        Matcher interpolated = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)").matcher(Files.readString(Path.of("compose.yaml")));
        while (interpolated.find()) {
            named.add(interpolated.group(1)); // what .env must provide for compose itself
        }
        assertTrue(named.containsAll(Set.of("DATABASE_URL", "PGPASSWORD")), named.toString());
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(settings);
        assertEquals(Set.of(), unknown, "compose.yaml names settings the bot does not read");

        Set<String> env = new TreeSet<>(DeployFiles.dockerfile().env().keySet());
        env.remove("JAVA_OPTS"); // the JVM's options, for the entry point
        env.removeAll(settings);
        assertEquals(Set.of(), env, "the Dockerfile sets settings the bot does not read");
    }
}
