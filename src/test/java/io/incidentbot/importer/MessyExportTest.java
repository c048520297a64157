package io.incidentbot.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports as real teams have them: zips written by Windows (entry names in CP437 or Shift-JIS),
 * damaged zips, messages without a ts, pre-2019 file comments, integrations known only by their
 * "added an integration" message or users.json, malformed channels.json/users.json. Each runs the
 * import command in process on a real SQLite file.
 */
class MessyExportTest {
    private static final String JAPANESE = "障害-決済";

    @TempDir
    Path dir;
    Map<String, String> env;
    String stdout;
    String stderr;

    @BeforeEach
    void setUp() {
        env = new HashMap<>();
        env.put("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("incidents.db"));
    }

    private int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "import";
        System.arraycopy(args, 0, command, 1, args.length);
        int code = Main.execute(env, dir.resolve(".env"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), command);
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        return code;
    }

    private static String channels(String name) {
        return "[{\"id\": \"C0MESSY1\", \"name\": \"" + name + "\", \"created\": 1500000000, \"creator\": \"U0DANA\"}]";
    }

    private static final String USERS = """
            [{"id": "U0DANA", "name": "dana", "real_name": "Dana Scully", "profile": {"display_name": "dana"}},
             {"id": "U0NAGIOS", "name": "nagios", "is_bot": true,
              "profile": {"real_name": "Nagios", "bot_id": "B0NAGIOS1", "display_name": ""}}]""";

    /** Day files of 2017: a bot_add naming Jenkins, Jenkins' and Nagios' posts, a file comment, a message. */
    private static final String DAY = """
            [
              {"type": "message", "subtype": "bot_add", "user": "U0DANA", "bot_id": "B0JL6UFSL",
               "bot_link": "<https://acme.slack.com/services/B0JL6UFSL|Jenkins CI>",
               "text": "added an integration to this channel: <https://acme.slack.com/services/B0JL6UFSL|Jenkins CI>",
               "ts": "1500000000.000100"},
              {"type": "message", "user": "U0DANA", "text": "payments are failing", "ts": "1500000060.000200"},
              {"type": "message", "subtype": "bot_message", "bot_id": "B0JL6UFSL", "text": "Build #812 deployed",
               "ts": "1500000120.000300"},
              {"type": "message", "subtype": "bot_message", "bot_id": "B0NAGIOS1", "text": "PROBLEM: payments-db down",
               "ts": "1500000130.000350"},
              {"type": "message", "subtype": "file_comment", "text": "<@U0DANA|dana> commented on <@U0DANA|dana>'s file <https://acme.slack.com/files/dana/F0LOG/db.log|db.log>: the connection pool is exhausted",
               "file": {"id": "F0LOG", "name": "db.log", "title": "db.log", "user": "U0DANA"},
               "comment": {"id": "Fc0C1", "created": 1500000180, "timestamp": 1500000180, "user": "U0DANA",
                           "comment": "the connection pool is exhausted"},
               "is_intro": false, "ts": "1500000180.000400"},
              {"type": "message", "user": "U0DANA", "text": "lost its ts"},
              {"type": "message", "user": "U0DANA", "text": "odd ts", "ts": "tuesday"},
              {"type": "message", "user": "U0DANA", "text": "resolved by restarting the pool", "ts": "1500000240.000500"}
            ]""";

    private static Map<String, String> export(String channel) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("channels.json", channels(channel));
        files.put("users.json", USERS);
        files.put(channel + "/2017-07-14.json", DAY);
        return files;
    }

    private Path zip(String name, Map<String, String> files, Charset names) throws IOException {
        Path zip = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out, names)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return zip;
    }

    private Path folder(Map<String, String> files) throws IOException {
        Path root = dir.resolve("export");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return root;
    }

    @Test
    void fileCommentsAndIntegrationsByNameAndMessagesWithoutTsAreReported() throws IOException {
        Path export = folder(export("inc-payments"));
        assertEquals(0, run(export.toString(), "--channel", "inc-payments"), stderr);
        assertTrue(stderr.contains("incident-bot import: warning: 2 messages in inc-payments/ had no valid ts and "
                + "were left out (first: inc-payments/2017-07-14.json: no ts, \"lost its ts\")"), stderr);
        assertTrue(stderr.contains("; left out 2 messages without a valid ts"), stderr);
        assertTrue(stderr.contains("(5 messages,"), "bot_add is channel noise; five messages: " + stderr);
        assertTrue(stdout.contains("— Jenkins CI (bot): Build #812 deployed"), stdout);
        assertTrue(stdout.contains("— Nagios (bot): PROBLEM: payments-db down"), stdout);
        assertFalse(stdout.contains("B0JL6UFSL") || stdout.contains("B0NAGIOS1"), stdout);
        assertTrue(stdout.contains("the connection pool is exhausted"), "the 2017 file comment: " + stdout);
    }

    @Test
    void zipEntryNamesInShiftJisOrCp437AreRead() throws IOException {
        Path sjis = zip("windows-ja.zip", export(JAPANESE), Charset.forName("Shift_JIS"));
        assertEquals(0, run(sjis.toString(), "--channel", JAPANESE), stderr);
        assertTrue(stdout.contains("resolved by restarting the pool"), stdout);

        String accented = "incident-café";
        Path cp437 = zip("windows-en.zip", export(accented), Charset.forName("IBM437"));
        assertEquals(0, run(cp437.toString(), "--channel", accented), stderr);
        assertTrue(stdout.contains("resolved by restarting the pool"), stdout);

        Path utf8 = zip("mac.zip", export("incident-ünïcode"), StandardCharsets.UTF_8); // flagged UTF-8
        assertEquals(0, run(utf8.toString(), "--channel", "incident-ünïcode"), stderr);

        // forcing the wrong encoding: the channel's folder is not found under that name
        assertEquals(1, run(sjis.toString(), "--channel", JAPANESE, "--zip-encoding", "IBM437"));
        assertTrue(stderr.startsWith("incident-bot import: #" + JAPANESE + " has no messages in the export"), stderr);
        assertEquals(0, run(sjis.toString(), "--channel", JAPANESE, "--zip-encoding", "Shift_JIS"), stderr);
        assertEquals(2, run(sjis.toString(), "--channel", JAPANESE, "--zip-encoding", "klingon"));
        assertTrue(stderr.startsWith("incident-bot import: --zip-encoding: unknown character set \"klingon\""), stderr);
    }

    @Test
    void aDamagedZipSaysSo() throws IOException {
        Path whole = zip("export.zip", export("inc-payments"), StandardCharsets.UTF_8);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.zip"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertEquals(1, run(truncated.toString(), "--channel", "inc-payments"));
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith("incident-bot import: the zip is damaged (" + truncated + ": "), stderr);
        assertFalse(stderr.contains("neither a folder nor a zip file"), stderr);

        // a day file whose compressed bytes are corrupt: its CRC does not match
        int at = indexOf(bytes, "inc-payments/2017-07-14.json".getBytes(StandardCharsets.UTF_8)) + 40;
        byte[] corrupt = bytes.clone();
        for (int i = at; i < at + 20; i++) {
            corrupt[i] ^= 0x5A;
        }
        Path bad = Files.write(dir.resolve("corrupt.zip"), corrupt);
        assertEquals(1, run(bad.toString(), "--channel", "inc-payments"));
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith("incident-bot import: inc-payments/2017-07-14.json cannot be read: the zip is "
                + "damaged ("), stderr);
    }

    @Test
    void malformedChannelsAndUsersJsonGetOneLineWithoutGsonsAdvice() throws IOException {
        Map<String, String> files = export("inc-payments");
        files.put("users.json", "[{\"id\": \"U0DANA\",, }]");
        Path export = folder(files);
        assertEquals(0, run(export.toString(), "--channel", "inc-payments"), stderr);
        String warning = stderr.lines().filter(l -> l.contains("users.json")).findFirst().orElseThrow();
        assertTrue(warning.startsWith("incident-bot import: warning: users.json is not valid JSON (Expected name at "
                + "line 1 column 18"), warning);
        assertTrue(warning.endsWith("); people are shown by their Slack ids"), warning);
        assertFalse(stderr.contains("JsonReader") || stderr.contains("setStrictness") || stderr.contains("path $"), stderr);

        Files.writeString(export.resolve("channels.json"), "[{\"id\": \"C0MESSY1\" \"name\": \"x\"}]");
        assertEquals(1, run(export.toString(), "--channel", "inc-payments"));
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith("incident-bot import: channels.json in " + export + " is not valid JSON ("), stderr);
        assertFalse(stderr.contains("JsonReader") || stderr.contains("setStrictness") || stderr.contains("path $"), stderr);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
