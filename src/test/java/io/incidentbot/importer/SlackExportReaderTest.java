package io.incidentbot.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.importer.SlackExportReader.Channel;
import io.incidentbot.importer.SlackExportReader.ExportException;
import io.incidentbot.importer.SlackExportReader.Message;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlackExportReaderTest {

    static final Path SAMPLE = Path.of("examples", "slack-export").toAbsolutePath();
    static final String CHANNEL = "inc-orders-api-502";
    static final String CHANNEL_ID = "C07N4XK2P9R";

    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();

    private SlackExportReader open(Path path) {
        return SlackExportReader.open(path, warnings::add);
    }

    private static Message byText(List<Message> messages, String start) {
        return messages.stream().filter(m -> m.text().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no message starting with " + start));
    }

    @Test
    void readsTheSampleFolder() {
        try (SlackExportReader export = open(SAMPLE)) {
            assertSample(export);
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void readsTheSampleAsAZip() throws IOException {
        Path zip = zip(SAMPLE, dir.resolve("export.zip"), "");
        try (SlackExportReader export = open(zip)) {
            assertSample(export);
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void readsAZipThatWrapsTheExportInAFolder() throws IOException {
        Path zip = zip(SAMPLE, dir.resolve("wrapped.zip"), "Acme Slack export May 9 2026 - May 10 2026/");
        try (SlackExportReader export = open(zip)) {
            assertSample(export);
        }
    }

    @Test
    void readsAFolderThatHoldsTheUnpackedExport() throws IOException {
        Path outer = dir.resolve("downloads");
        copy(SAMPLE, outer.resolve("Acme Slack export"));
        try (SlackExportReader export = open(outer)) {
            assertSample(export);
        }
    }

    private static void assertSample(SlackExportReader export) {
        assertEquals(List.of("deploys", "eng-oncall", "general", "inc-checkout-db-connections", CHANNEL, "random"),
                export.channels().stream().map(Channel::name).toList());
        Channel channel = export.channel(CHANNEL).orElseThrow();
        assertEquals(CHANNEL_ID, channel.id());
        assertEquals("U05B3K7QZ1M", channel.creator());
        assertEquals(channel, export.channel("#" + CHANNEL).orElseThrow());
        assertEquals(channel, export.channel(CHANNEL_ID).orElseThrow());
        assertTrue(export.channel("nope").isEmpty());
        assertTrue(export.hasMessages(channel));
        assertFalse(export.hasMessages(export.channel("general").orElseThrow()));
        assertEquals(List.of("2026-05-09.json", "2026-05-10.json"), export.dayFiles(channel));

        Map<String, String> names = export.userNames();
        assertEquals("priya", names.get("U05B3K7QZ1M"));          // profile.display_name
        assertEquals("Marco Bianchi", names.get("U05C1N8WX4R"));  // empty display name: real_name
        assertEquals("sam.k", names.get("U05D9T2LM6P"));
        assertEquals("Lena (Support)", names.get("U05E4H6RV3J"));
        assertEquals("Deploybot", names.get("U05F7Q1DB8K"));

        List<Message> messages = export.messages(channel);
        assertEquals(29, messages.size());
        for (int i = 1; i < messages.size(); i++) {
            assertTrue(messages.get(i - 1).at().isBefore(messages.get(i).at()), "time order");
        }
        assertEquals(Instant.parse("2026-05-09T23:38:51.000100Z"), messages.get(0).at());
        assertEquals(CHANNEL + "/2026-05-09.json", messages.get(0).dayFile());
        assertEquals(CHANNEL + "/2026-05-10.json", messages.get(28).dayFile());
        assertEquals(22, messages.stream().filter(Message::isConversation).count());
        assertEquals(List.of("channel_join", "channel_purpose", "channel_join", "channel_join", "channel_join",
                        "channel_topic", "channel_leave"),
                messages.stream().filter(m -> !m.isConversation()).map(Message::subtype).toList());

        Message alert = messages.get(2);
        assertTrue(alert.fromBot());
        assertEquals("Alertmanager", alert.message().botName());
        assertTrue(alert.text().startsWith("[FIRING:1] OrdersApi5xxRateHigh"), "attachment fallback as text");
        assertEquals(List.of("pushpin"), alert.reactions());

        Message deploy = byText(messages, "Rollback started");
        assertTrue(deploy.fromBot());
        assertEquals("Deploybot", deploy.message().botName());
        assertEquals("U05F7Q1DB8K", deploy.message().userId());

        Message parent = byText(messages, "Was there a deploy");
        assertEquals(parent.ts(), parent.message().threadTs());
        assertFalse(parent.isThreadReply());
        Message reply = byText(messages, "yes, v2.41.0 went out");
        assertEquals(parent.ts(), reply.message().threadTs());
        assertTrue(reply.isThreadReply());
        assertTrue(reply.text().contains("<https://deploy.acme.example/orders-api/2041|deploy #2041>"),
                "escaped slashes decoded, mrkdwn kept for the renderer");

        Message edited = byText(messages, "v2.41.0 raises the Hikari pool");
        assertEquals(Instant.parse("2026-05-09T23:44:05Z"), edited.editedAt());
        assertTrue(edited.text().contains("600 &gt; RDS"), "text stays as Slack stores it");
        assertNull(reply.editedAt());

        assertEquals(List.of("rds-connections-2026-05-09.png"), byText(messages, "RDS connections hit").message().files());
        assertTrue(byText(messages, "Decision: roll back").reactions().contains("pushpin"));
        Message slackPin = byText(messages, "Mitigated.");
        assertTrue(slackPin.pinnedInChannel());
        assertEquals(List.of(), slackPin.reactions());
    }

    @Test
    void aMalformedDayFileStopsTheReadingOrIsSkippedWhenAsked() throws IOException {
        Path export = dir.resolve("export");
        copy(SAMPLE, export);
        Files.writeString(export.resolve(CHANNEL).resolve("2026-05-10.json"), "[{\"type\": \"message\", \"ts\": ");
        try (SlackExportReader reader = open(export)) {
            Channel channel = reader.channel(CHANNEL).orElseThrow();
            ExportException stop = assertThrows(ExportException.class, () -> reader.messages(channel));
            assertTrue(stop.getMessage().startsWith(CHANNEL + "/2026-05-10.json cannot be read: not valid JSON ("),
                    stop.getMessage());
            assertFalse(stop.getMessage().contains("setStrictness") || stop.getMessage().contains("path $"),
                    "no Gson advice: " + stop.getMessage());
            SlackExportReader.ChannelRead read = reader.read(channel, true);
            assertEquals(20, read.messages().size(), "the other day is still read");
            assertEquals(List.of(CHANNEL + "/2026-05-10.json"), read.skippedFiles());
        }
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("skipping " + CHANNEL + "/2026-05-10.json: not valid JSON"),
                warnings.get(0));
    }

    @Test
    void oddMessagesAndUnknownFieldsAreTolerated() throws IOException {
        Path export = dir.resolve("odd");
        Files.createDirectories(export.resolve("ops"));
        Files.writeString(export.resolve("channels.json"), """
                [{"id": "C1", "name": "ops", "created": 1, "brand_new_field": {"x": [1, 2]}},
                 {"id": "D1"}, 42, null]""");
        Files.writeString(export.resolve("groups.json"), """
                [{"id": "G1", "name": "secret-incident", "is_private": true}]""");
        Files.writeString(export.resolve("ops").resolve("2026-01-02.json"), """
                [
                  {"type": "message", "user": "U1", "text": "real", "ts": "1767312000.000100", "future": true},
                  {"type": "message", "user": "U1", "text": "no ts"},
                  {"type": "message", "user": "U1", "text": "bad ts", "ts": "yesterday"},
                  "not an object",
                  {"type": "message", "user": "U1", "text": "duplicate", "ts": "1767312000.000100"},
                  {"type": "message", "subtype": "file_share", "user": "U1", "text": "", "ts": "1767312060.000200",
                   "file": {"name": "old-style.log"}},
                  {"type": "message", "user": "U1", "text": "", "ts": "1767312070.000300",
                   "files": [{"id": "F1", "mode": "tombstone"}, {"id": "F2", "title": "Only a title"}]},
                  {"type": "message", "user": "U1", "text": "hidden", "ts": "1767312080.000400", "hidden": true},
                  {"type": "message", "bot_id": "B9", "text": "anonymous bot", "ts": "1767312090.000500"}
                ]""");
        Files.writeString(export.resolve("ops").resolve("notes.txt"), "not a day file");
        Files.writeString(export.resolve("ops").resolve("2026-01-03.json"), "{\"not\": \"an array\"}");
        try (SlackExportReader reader = open(export)) {
            assertEquals(List.of("ops", "secret-incident"), reader.channels().stream().map(Channel::name).toList());
            SlackExportReader.ChannelRead read = reader.read(reader.channel("ops").orElseThrow(), true);
            List<Message> messages = read.messages();
            assertEquals(2, read.withoutTs());
            assertEquals(List.of("ops/2026-01-03.json"), read.skippedFiles());
            assertEquals(List.of("real", "", "", "hidden", "anonymous bot"),
                    messages.stream().map(Message::text).toList());
            assertEquals(List.of("old-style.log"), messages.get(1).message().files());
            assertTrue(messages.get(1).isConversation());
            assertEquals(List.of("Only a title"), messages.get(2).message().files());
            assertFalse(messages.get(3).isConversation(), "hidden messages are left out");
            assertTrue(messages.get(4).fromBot());
            assertEquals("B9", messages.get(4).message().botName(), "no name anywhere: its bot id");
            assertEquals(Map.of(), reader.userNames());
        }
        assertEquals(List.of("skipping ops/2026-01-03.json: expected a JSON array of messages",
                "the export has no users.json; people are shown by their Slack ids",
                "2 messages in ops/ had no valid ts and were left out (first: ops/2026-01-02.json: no ts, \"no ts\")"),
                warnings);
    }

    @Test
    void clearErrorsForThingsThatAreNotExports() throws IOException {
        ExportException missing = assertThrows(ExportException.class, () -> open(dir.resolve("nope.zip")));
        assertEquals("no such file or folder: " + dir.resolve("nope.zip"), missing.getMessage());

        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertTrue(assertThrows(ExportException.class, () -> open(text)).getMessage()
                .startsWith(text + " is neither a folder nor a zip file"));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(ExportException.class, () -> open(empty)).getMessage()
                .startsWith(empty + " does not look like a Slack export: it has no channels.json"));

        Path otherZip = dir.resolve("other.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(otherZip))) {
            zip.putNextEntry(new ZipEntry("photos/cat.jpg"));
            zip.write(new byte[] {1, 2, 3});
        }
        assertTrue(assertThrows(ExportException.class, () -> open(otherZip)).getMessage()
                .contains("does not look like a Slack export"));

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("channels.json"), "{{{");
        assertTrue(assertThrows(ExportException.class, () -> open(broken)).getMessage()
                .startsWith("channels.json in " + broken + " is not valid JSON"));
    }

    // ---- helpers shared with the other importer tests ----

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static Path zip(Path from, Path zipFile, String prefix) throws IOException {
        try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(out,
                StandardCharsets.UTF_8); Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String name = prefix + from.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p)) {
                    if (!name.isEmpty()) {
                        zip.putNextEntry(new ZipEntry(name.endsWith("/") ? name : name + "/"));
                        zip.closeEntry();
                    }
                } else {
                    zip.putNextEntry(new ZipEntry(name));
                    Files.copy(p, zip);
                    zip.closeEntry();
                }
            }
        }
        return zipFile;
    }
}
