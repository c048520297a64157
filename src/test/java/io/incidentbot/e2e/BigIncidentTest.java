package io.incidentbot.e2e;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy incident through the running app: a burst of concurrent events (group commit) is stored
 * whole, and resolving it uploads a multi-megabyte Markdown draft to Slack intact.
 */
class BigIncidentTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALICE = "U0ALICE";
    private static final int MESSAGES = 1_500;

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

    @Test
    void aBurstOfLongMessagesIsStoredAndItsMultiMegabyteDraftIsUploadedWhole() throws Exception {
        String channel = bot.openIncident(ALICE, "Log storm in the payments cluster");
        // pasted logs: ~2 KB each, ~3 MB in all, sent by 16 clients at once as Slack does in a burst
        bot.burstOfMessages(channel, ALICE, MESSAGES, i -> "line " + i + " "
                + "upstream connect error or disconnect/reset before headers ".repeat(35) + "end-of-" + i);
        assertEquals(List.of(Integer.toString(MESSAGES)),
                bot.query("SELECT count(*) FROM timeline_entry WHERE kind = 'MESSAGE'"),
                "every acknowledged event is stored once");

        assertTrue(ackText(bot.command(channel, ALICE, "resolve the log shipper retried without backoff"))
                .contains("Resolving"));
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        String fileId = bot.fake.uploads().keySet().iterator().next();
        String markdown = bot.fake.uploadedContent(fileId);
        assertTrue(markdown.length() > 3_000_000, "a multi-megabyte draft, got " + markdown.length() + " chars");
        for (int i : new int[]{0, MESSAGES / 2, MESSAGES - 1}) {
            assertTrue(markdown.contains("end-of-" + i), "message " + i + " is in the uploaded draft");
        }
        assertTrue(List.of(markdown).equals(bot.query("SELECT markdown FROM postmortem")), "the upload is the stored draft");
    }
}
