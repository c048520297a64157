package io.incidentbot.slackapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.incidentbot.incident.IncomingMessage;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one Slack message → {@link IncomingMessage} mapping that events, back-fill, shortcut and import share. */
class SlackMessagesTest {

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static IncomingMessage map(String text) {
        return SlackMessages.toMessage("T1", null, "C1", json(text));
    }

    @Test
    void aPersonsThreadReply() {
        IncomingMessage m = SlackMessages.toMessage("T1", "E1", "C1", json("""
                {"type": "message", "user": "U1", "text": "on it", "ts": "1715264580.001200",
                 "thread_ts": "1715264500.000100", "team": "T1", "blocks": [{"type": "rich_text"}]}"""));
        assertEquals(new IncomingMessage("T1", "C1", "1715264580.001200", "1715264500.000100", "U1", null, "on it",
                List.of(), "E1"), m);
    }

    @Test
    void withoutAValidTsThereIsNoMessage() {
        assertNull(map("{\"text\": \"no ts\"}"));
        assertNull(map("{\"text\": \"bad ts\", \"ts\": \"yesterday\"}"));
        assertNull(map("{\"text\": \"bad ts\", \"ts\": 12.5e3}"));
    }

    @Test
    void integrationsAreNamedByTheirMessageThenByTheLookupThenByTheirId() {
        assertEquals("Alertmanager", map("""
                {"subtype": "bot_message", "bot_id": "B1", "username": "Alertmanager", "ts": "1.1",
                 "bot_profile": {"name": "alerts"}}""").botName());
        assertEquals("Deploybot", map("{\"bot_id\": \"B1\", \"ts\": \"1.1\", \"bot_profile\": {\"name\": \"Deploybot\"}}")
                .botName());
        SlackMessages.BotNames known = (botId, userId) -> "B2".equals(botId) ? "Jenkins CI" : null;
        assertEquals("Jenkins CI", SlackMessages.toMessage("T1", null, "C1",
                json("{\"subtype\": \"bot_message\", \"bot_id\": \"B2\", \"ts\": \"1.1\"}"), known).botName());
        assertEquals("B3", map("{\"bot_id\": \"B3\", \"ts\": \"1.1\"}").botName());
        assertEquals("integration", map("{\"subtype\": \"bot_message\", \"ts\": \"1.1\"}").botName());
        assertNull(map("{\"user\": \"U1\", \"ts\": \"1.1\", \"text\": \"a person\"}").botName());
    }

    @Test
    void anAttachmentOnlyAlertReadsAsItsAttachments() {
        IncomingMessage m = map("""
                {"subtype": "bot_message", "bot_id": "B1", "text": "", "ts": "1.1",
                 "attachments": [{"fallback": "[FIRING:1] HighErrorRate", "text": "ignored"},
                                 {"title": "Runbook"}, {"color": "danger"}]}""");
        assertEquals("[FIRING:1] HighErrorRate\nRunbook", m.text());
    }

    @Test
    void filesOfEveryEraAreNamedAndHiddenOnesCounted() {
        assertEquals(List.of("graph.png", "Only a title"), map("""
                {"user": "U1", "ts": "1.1", "files": [{"id": "F1", "name": "graph.png"},
                 {"id": "F2", "title": "Only a title"}, {"id": "F3", "mode": "tombstone"}]}""").files());
        assertEquals(List.of("old-style.log"), map("""
                {"subtype": "file_share", "user": "U1", "ts": "1.1", "file": {"name": "old-style.log"}}""").files());
        assertEquals(List.of("a.txt", "2 more files"), map("""
                {"user": "U1", "ts": "1.1", "files": [{"name": "a.txt"}, {"id": "F2", "mode": "hidden_by_limit"},
                 {"id": "F3"}]}""").files());
        assertEquals(List.of("two lines.txt"), map("""
                {"user": "U1", "ts": "1.1", "files": [{"name": "two\\nlines.txt"}]}""").files());
    }

    @Test
    void anOldExportsFileCommentIsConversationWithItsAuthor() {
        JsonObject comment = json("""
                {"type": "message", "subtype": "file_comment", "ts": "1480000000.000200", "text": "",
                 "file": {"id": "F1", "name": "heap.hprof"},
                 "comment": {"id": "Fc1", "user": "U7", "comment": "the heap is full of sessions"}}""");
        assertTrue(SlackMessages.carriesConversation(comment));
        IncomingMessage m = SlackMessages.toMessage("T1", null, "C1", comment);
        assertEquals("U7", m.userId());
        assertEquals("the heap is full of sessions", m.text());
        assertEquals(List.of("heap.hprof"), m.files());
    }

    @Test
    void channelNoiseAndHiddenMessagesAreNotConversation() {
        for (String subtype : List.of("channel_join", "channel_topic", "message_changed", "bot_add", "tombstone")) {
            assertFalse(SlackMessages.carriesConversation(subtype), subtype);
        }
        for (String subtype : Arrays.asList(null, "thread_broadcast", "reply_broadcast", "me_message", "file_share",
                "bot_message")) {
            assertTrue(SlackMessages.carriesConversation(subtype), subtype);
        }
        assertFalse(SlackMessages.carriesConversation(json("{\"user\": \"U1\", \"ts\": \"1.1\", \"hidden\": true}")));
        assertTrue(SlackMessages.carriesConversation(json("{\"user\": \"U1\", \"ts\": \"1.1\", \"hidden\": \"yes\"}")));
    }

    @Test
    void longTextsAreCutOnceWithoutSplittingAnEmoji() {
        String text = "x".repeat(SlackMessages.MAX_TEXT - 1) + "😀" + "tail";
        IncomingMessage m = map("{\"user\": \"U1\", \"ts\": \"1.1\", \"text\": \"" + text + "\"}");
        assertEquals("x".repeat(SlackMessages.MAX_TEXT - 1) + SlackMessages.TRUNCATED, m.text());
    }

    @Test
    void editsAndPinReactions() {
        JsonObject m = json("""
                {"user": "U1", "ts": "1715264580.001200", "edited": {"user": "U1", "ts": "1715264600.000000"},
                 "reactions": [{"name": "pushpin::skin-tone-2", "users": ["U1", "U2"], "count": 2},
                               {"name": "pushpin", "count": 1}, {"name": "eyes", "users": ["U3"]}]}""");
        assertEquals(Instant.parse("2024-05-09T14:23:20Z"), SlackMessages.editedAt(m));
        assertNull(SlackMessages.editedAt(json("{\"ts\": \"1.1\", \"edited\": {\"user\": \"U1\"}}")));
        assertEquals(Arrays.asList("U1", "U2", null), SlackMessages.pinnedBy(m, "pushpin"));
        assertEquals(List.of("U3"), SlackMessages.pinnedBy(m, "eyes"));
        assertFalse(SlackMessages.isPinReaction("pushpin_alt", "pushpin"));
    }
}
