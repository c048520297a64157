package io.incidentbot.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.incidentbot.e2e.SlackRequests.linkPreview;
import static io.incidentbot.e2e.SlackRequests.message;
import static io.incidentbot.e2e.SlackRequests.messageChanged;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Slack delivers a link preview (unfurl) as {@code message_changed} with no {@code edited} and the
 * same text: that is not an edit. A changed text, or Slack's {@code edited}, is.
 */
class LinkPreviewTest {
    private static final String ALICE = "U0ALICE";
    private static final String LINK = "see <https://grafana.example/d/api|API latency>";

    @TempDir
    Path dir;
    RunningBot bot;

    @BeforeEach
    void start() throws Exception {
        bot = new RunningBot(dir);
        bot.fake.addUser(ALICE, "alice");
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private List<String> entry(String ts) {
        return bot.query("SELECT text, COALESCE(first_text, '-'), CASE WHEN edited_at IS NULL THEN 'unedited' ELSE 'edited' END"
                + " FROM timeline_entry WHERE ts = '" + ts + "'");
    }

    @Test
    void linkPreviewIsNotAnEditButAChangedTextIs() {
        String channel = bot.openIncident(ALICE, "API latency high");
        String ts = SlackRequests.newTs();
        assertEquals(200, bot.event(message(channel, ALICE, ts, LINK)).statusCode());
        assertEquals(200, bot.event(linkPreview(channel, ALICE, ts, LINK, "https://grafana.example/d/api",
                "API latency", SlackRequests.newTs())).statusCode());
        assertEquals(List.of(LINK + "|-|unedited"), entry(ts));

        // Slack's own "edited" marks an edit even when the text came back the same
        String ts2 = SlackRequests.newTs();
        bot.event(message(channel, ALICE, ts2, "rolling back"));
        bot.event(messageChanged(channel, ALICE, ts2, "rolling back", "rolling back", SlackRequests.newTs()));
        assertEquals(List.of("rolling back|rolling back|edited"), entry(ts2));

        // no "edited" but a different text (a bot updating its message): an edit
        String ts3 = SlackRequests.newTs();
        bot.event(message(channel, ALICE, ts3, "deploy 4711 started"));
        var changed = messageChanged(channel, ALICE, ts3, "deploy 4711 started", "deploy 4711 done", SlackRequests.newTs());
        changed.getAsJsonObject("message").remove("edited");
        bot.event(changed);
        assertEquals(List.of("deploy 4711 done|deploy 4711 started|edited"), entry(ts3));
    }

    @Test
    void previewOfAMessageNeverSeenStoresItUnedited() {
        String channel = bot.openIncident(ALICE, "API latency high");
        String ts = SlackRequests.newTs();
        bot.event(linkPreview(channel, ALICE, ts, LINK, "https://grafana.example/d/api", "API latency",
                SlackRequests.newTs()));
        bot.event(message(channel, ALICE, ts, LINK)); // the original, delivered late
        assertEquals(List.of(LINK + "|-|unedited"), entry(ts));
    }
}
