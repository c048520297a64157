package io.incidentbot.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Which of our packages may use which: the domain at the bottom, one way in (slack), one way out
 * (slackapi, integrations, all behind the outbox), the command line on top where nothing uses it.
 * Every package of the bot is named here; a new one fails {@link #everyPackageIsNamed} until it is.
 * The violations that remain from before this test (flow and importer calling Slack's gateway or the
 * store directly) are frozen in {@code src/test/resources/archunit_store}: they may only shrink.
 */
class LayeringTest {
    private static final String ROOT = "io.incidentbot";
    /** What each package may use besides itself, the JDK and libraries. metrics (counters, log context) is for all. */
    static final Map<String, List<String>> MAY_USE = Map.ofEntries(
            Map.entry("incident", List.of()),
            Map.entry("postmortem", List.of("incident")),
            Map.entry("outbox", List.of("incident", "metrics")),
            Map.entry("flow", List.of("incident", "postmortem", "outbox", "metrics")),
            Map.entry("store", List.of("incident")),
            Map.entry("slackapi", List.of("incident", "outbox", "postmortem", "metrics")),
            Map.entry("integrations", List.of("incident", "outbox", "metrics", "config", "http", "flow")),
            Map.entry("importer", List.of("flow", "incident", "postmortem")),
            Map.entry("web", List.of("incident", "postmortem", "http", "metrics", "config")),
            Map.entry("http", List.of("metrics")),
            Map.entry("metrics", List.of()),
            Map.entry("config", List.of("incident", "postmortem", "store")),
            Map.entry("slack", List.of("flow", "incident", "slackapi", "http", "outbox", "postmortem", "metrics", "config")),
            Map.entry("cli", List.of("incident", "postmortem", "outbox", "flow", "store", "slackapi", "integrations",
                    "importer", "web", "http", "metrics", "config", "slack")));

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    static Stream<String> packages() {
        return MAY_USE.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void usesOnlyWhatItMay(String pkg) {
        List<String> allowed = MAY_USE.get(pkg);
        String[] forbidden = MAY_USE.keySet().stream()
                .filter(other -> !other.equals(pkg) && !allowed.contains(other))
                .map(other -> ROOT + "." + other + "..")
                .sorted().toArray(String[]::new);
        ArchRule rule = noClasses().that().resideInAPackage(ROOT + "." + pkg + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because(pkg + " may use only " + (allowed.isEmpty() ? "itself" : String.join(", ", allowed)));
        FreezingArchRule.freeze(rule).check(CLASSES);
    }

    @org.junit.jupiter.api.Test
    void everyPackageIsNamed() {
        List<String> unnamed = CLASSES.stream()
                .map(c -> c.getPackageName())
                .filter(p -> p.startsWith(ROOT + "."))
                .map(p -> p.substring(ROOT.length() + 1).split("\\.")[0])
                .filter(top -> !MAY_USE.containsKey(top))
                .distinct().sorted().toList();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), unnamed,
                "packages the layering does not name yet: " + Arrays.toString(unnamed.toArray()));
    }
}
