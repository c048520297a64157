package io.incidentbot.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two app manifests (HTTP mode and Socket Mode) ask for the same scopes, events and features. */
class ManifestsTest {
    private static List<String> lines(String file) throws Exception {
        return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.strip().startsWith("#"))
                .filter(l -> !l.contains("request_url:") && !l.strip().startsWith("url:"))
                // Sign in with Slack's redirect URL is optional in Socket Mode (commented out there)
                .filter(l -> !l.contains("redirect_urls:") && !l.contains("/auth/slack/callback"))
                .filter(l -> !l.contains("socket_mode_enabled:"))
                .toList();
    }

    private static String setting(String file, String key) throws Exception {
        return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
                .filter(l -> l.strip().startsWith(key + ":"))
                .map(l -> l.strip().substring(key.length() + 1).replaceAll("#.*", "").strip())
                .findFirst().orElse(null);
    }

    @Test
    void socketModeManifestIsTheHttpOneWithoutRequestUrls() throws Exception {
        assertEquals(lines("manifest.yml"), lines("manifest.socket-mode.yml"));
        assertEquals("false", setting("manifest.yml", "socket_mode_enabled"));
        assertEquals("true", setting("manifest.socket-mode.yml", "socket_mode_enabled"));
        String socket = Files.readString(Path.of("manifest.socket-mode.yml"), StandardCharsets.UTF_8);
        assertTrue(socket.lines().filter(l -> !l.strip().startsWith("#")).noneMatch(l -> l.contains("YOUR-HOST")),
                "Socket Mode needs no public URL");
        assertTrue(socket.contains("connections:write"), "the manifest says which app-level token to create");
    }
}
