package io.incidentbot.cli;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.incidentbot.cli.SlackManifest.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app manifests the {@code manifest} command makes: valid against Slack's published manifest
 * schemas (copied into src/test/resources/slack-manifest-schema), request URLs only in HTTP mode,
 * Sign in with Slack only when asked for, and the committed manifest files exactly its output.
 */
class SlackManifestTest {
    private static final ObjectMapper YAML = new YAMLMapper();

    private static Schema schema(String version) throws Exception {
        try (InputStream in = SlackManifestTest.class.getResourceAsStream(
                "/slack-manifest-schema/slack-manifest.schema." + version + ".json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        }
    }

    private static JsonNode parse(String yaml) {
        return YAML.readTree(yaml);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asString()));
        }
        return out;
    }

    @ParameterizedTest(name = "socket mode {0}, sign-in {1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void everyVariantValidatesAgainstSlacksSchemas(boolean socketMode, boolean signIn) throws Exception {
        String yaml = SlackManifest.yaml(new Options("https://bot.example.com", socketMode, signIn));
        JsonNode manifest = parse(yaml);
        for (String version : List.of("1.0.0", "2.0.0")) {
            List<Error> errors = schema(version).validate(manifest);
            assertTrue(errors.isEmpty(), "schema " + version + ": " + errors + "\n" + yaml);
        }
        // Slack's schema writes this pattern as "regex", a keyword of its own that validators skip
        String colour = new ObjectMapper().readTree(SlackManifestTest.class.getResourceAsStream(
                "/slack-manifest-schema/slack-manifest.schema.1.0.0.json"))
                .at("/definitions/app-manifests.v1.display_information.schema/properties/background_color/regex").asString();
        assertTrue(manifest.at("/display_information/background_color").asString().matches(colour), colour);
        assertEquals(socketMode, manifest.at("/settings/socket_mode_enabled").asBoolean());
        assertFalse(yaml.contains("YOUR-HOST"), "no placeholder left to replace by hand:\n" + yaml);
    }

    @Test
    void httpModeSendsEverythingToSlackEvents() {
        JsonNode m = parse(SlackManifest.yaml(new Options("https://bot.example.com", false, false)));
        String events = "https://bot.example.com/slack/events";
        assertEquals(events, m.at("/features/slash_commands/0/url").asString());
        assertEquals(events, m.at("/settings/event_subscriptions/request_url").asString());
        assertEquals(events, m.at("/settings/interactivity/request_url").asString());
        assertTrue(m.at("/oauth_config/redirect_urls").isMissingNode(), "no redirect URL without --sign-in");
        assertTrue(m.at("/oauth_config/scopes/user").isMissingNode(), "no user scopes without --sign-in");
        assertTrue(strings(m.at("/oauth_config/scopes/bot")).containsAll(List.of("commands", "chat:write",
                "channels:history", "groups:history", "users:read", "files:write", "reactions:read")));
        assertTrue(strings(m.at("/settings/event_subscriptions/bot_events")).containsAll(List.of(
                "message.channels", "message.groups", "reaction_added", "pin_added", "channel_rename",
                "member_joined_channel")));
        assertTrue(m.at("/features/slash_commands/0/should_escape").asBoolean(), "mentions arrive as <@U…|name>");
    }

    @Test
    void socketModeHasNoRequestUrlsAndNeedsNoUrl() {
        String yaml = SlackManifest.yaml(new Options(null, true, false));
        JsonNode m = parse(yaml);
        assertTrue(m.at("/features/slash_commands/0/url").isMissingNode());
        assertTrue(m.at("/settings/event_subscriptions/request_url").isMissingNode());
        assertTrue(m.at("/settings/interactivity/request_url").isMissingNode());
        assertTrue(m.at("/settings/interactivity/is_enabled").asBoolean());
        assertFalse(yaml.contains("https://YOUR-HOST") || yaml.contains("/slack/events"), yaml);
        assertTrue(yaml.contains("connections:write"), "it says which app-level token to create");
        // the same scopes and events as HTTP mode
        JsonNode http = parse(SlackManifest.yaml(new Options("https://bot.example.com", false, false)));
        assertEquals(http.at("/oauth_config"), m.at("/oauth_config"));
        assertEquals(http.at("/settings/event_subscriptions/bot_events"), m.at("/settings/event_subscriptions/bot_events"));
    }

    @Test
    void signInAddsOnlyItsScopesAndRedirect() {
        JsonNode with = parse(SlackManifest.yaml(new Options(SlackManifest.baseUrl("https://bot.example.com/"),
                true, true)));
        assertEquals(List.of("https://bot.example.com/auth/slack/callback"), strings(with.at("/oauth_config/redirect_urls")));
        assertEquals(List.of("openid", "profile"), strings(with.at("/oauth_config/scopes/user")));
        assertTrue(with.at("/settings/event_subscriptions/request_url").isMissingNode(), "still Socket Mode");
        JsonNode without = parse(SlackManifest.yaml(new Options(null, true, false)));
        assertEquals(without.at("/oauth_config/scopes/bot"), with.at("/oauth_config/scopes/bot"));
    }

    @Test
    void theCommittedManifestsAreTheGeneratorsOutput() throws Exception {
        assertEquals(SlackManifest.yaml(new Options(SlackManifest.PLACEHOLDER_URL, false, false)),
                Files.readString(Path.of("manifest.yml"), StandardCharsets.UTF_8),
                "manifest.yml must be `manifest --url https://YOUR-HOST`; regenerate it with that command");
        assertEquals(SlackManifest.yaml(new Options(null, true, false)),
                Files.readString(Path.of("manifest.socket-mode.yml"), StandardCharsets.UTF_8),
                "manifest.socket-mode.yml must be `manifest --socket-mode`; regenerate it with that command");
    }

    @Test
    void urlsAreCheckedWithOneLineReasons() {
        assertEquals("https://bot.example.com", SlackManifest.baseUrl(" https://bot.example.com/ "));
        assertEquals("https://example.com:8443/incidents", SlackManifest.baseUrl("https://example.com:8443/incidents/"));
        for (String bad : List.of("http://bot.example.com", "bot.example.com", "https://", "https://x.example?a=b",
                "https://user@x.example", "https://x.example/#top", "ht tps://x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlackManifest.baseUrl(bad), bad);
            assertTrue(e.getMessage().startsWith("--url "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Options(null, false, false))
                .getMessage().contains("--socket-mode"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Options(null, true, true))
                .getMessage().contains("/auth/slack/callback"));
    }
}
