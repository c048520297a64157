package io.incidentbot.e2e;

import static io.incidentbot.e2e.LearningLoopTest.ALICE;
import static io.incidentbot.e2e.LearningLoopTest.resolve;
import static io.incidentbot.e2e.LearningLoopTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.cli.Main;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.store.Database;
import io.incidentbot.store.JooqActionItemRepository;
import io.incidentbot.store.JooqIncidentRepository;
import io.incidentbot.store.JooqLearningRepository;
import io.incidentbot.store.JooqPostmortemRepository;
import io.incidentbot.store.JooqTimelineRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One drafting path: an import is stored through the incident service and drafted by the same
 * drafter as {@code /incident resolve}, so its draft compares it with the incidents the running bot
 * recorded, measures it against TTR_TARGETS and shows what people added to it since.
 */
class ImportDraftingTest {
    static final Path SAMPLE = Path.of("examples", "slack-export").toAbsolutePath();
    static final String CHANNEL = "inc-orders-api-502";

    @TempDir
    Path dir;

    record Run(int exitCode, String stdout, String stderr) {
    }

    static Run importCommand(Map<String, String> env, Path dotEnvDir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "import";
        System.arraycopy(args, 0, command, 1, args.length);
        int code = Main.execute(env, dotEnvDir.resolve(".env"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), command);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anImportIsDraftedLikeAResolve() throws Exception {
        String url;
        try (RunningBot bot = new RunningBot(dir)) {
            url = bot.db.url();
            String channel = bot.openIncident(ALICE, "Orders API 502");
            run(bot, channel, ALICE, "action Cap the Hikari pool per pod <@U0BOB|bob> due 2030-01-15");
            run(bot, channel, ALICE, "action Alert on RDS connections at 80% <@U0BOB|bob> due 2030-01-20");
            run(bot, channel, ALICE, "done 1");
            resolve(bot, channel, ALICE, "");
        }

        Map<String, String> env = Map.of("DATABASE_URL", url, "TTR_TARGETS", "P3=30m");
        Run first = importCommand(env, dir, SAMPLE.toString(), "--channel", CHANNEL);
        assertEquals(0, first.exitCode(), first.stderr());
        String md = first.stdout();
        assertTrue(md.contains("**ID:** INC-2"), md);
        assertTrue(md.contains("\n## Similar past incidents\n- INC-1 — Orders API 502 ("), md);
        assertTrue(md.contains("; action items: 1 of 2 done. A repeat suggests"), "the earlier incident's actions: " + md);
        assertTrue(md.contains("(target < 30m for P3)"), "TTR_TARGETS is read: " + md);

        // What people add to an imported incident is in its next draft, as in a live one's.
        try (Database db = Database.open(url)) {
            var incidents = new JooqIncidentRepository(db);
            var timeline = new JooqTimelineRepository(db);
            var service = new IncidentService(incidents, timeline, new JooqPostmortemRepository(db),
                    new JooqActionItemRepository(db), db, Clock.systemUTC());
            var learning = new LearningService(service, incidents, timeline, new JooqLearningRepository(db), db,
                    Clock.systemUTC());
            Incident imported = service.find(2).orElseThrow();
            service.addAction(imported, "U05B3K7QZ1M", "Load-test the pool size before each release", "U05D9T2LM6P",
                    LocalDate.parse("2030-02-01"));
            learning.addTags(imported, "U05B3K7QZ1M", List.of("db"));
        }
        Run again = importCommand(env, dir, SAMPLE.toString(), "--channel", CHANNEL);
        assertEquals(0, again.exitCode(), again.stderr());
        assertTrue(again.stderr().contains("→ INC-2 (updated: 0 new, 22 already stored)"), again.stderr());
        assertTrue(again.stdout().contains("| 1 | Load-test the pool size before each release | @sam.k | 2030-02-01 |"),
                again.stdout());
        assertTrue(again.stdout().contains("\n**Tags:** db\n"), again.stdout());
    }

    /** The repository's example export, imported: the draft proposes what the channel says, each with its source. */
    @Test
    void theExampleImportsWithSuggestionsFromItsConversation() {
        Map<String, String> env = Map.of("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("import.db"));
        Run run = importCommand(env, dir, SAMPLE.toString(), "--channel", CHANNEL);
        assertEquals(0, run.exitCode(), run.stderr());
        String md = run.stdout();
        String link = "https://slack.com/archives/C07N4XK2P9R/p";
        assertTrue(md.contains("**Incident lead:** @priya _(suggested from @priya at 23:39 UTC, [message](" + link
                + "1778369980001500))_"), md);
        assertTrue(md.contains("**Author:** @sam.k _(suggested from @priya at 00:45 UTC"), md);
        assertTrue(md.contains("## Summary\nBetween 23:35 and 00:03 UTC: "), md);
        assertTrue(md.contains("Alertmanager detected it at 23:39; the team decided to roll back orders-api to v2.40.3 at "
                + "23:45, 6m after detection; mitigated at 00:03; resolved at 00:45."), md);
        assertTrue(md.contains("- Users affected: \"Support here: 37 tickets about failed checkouts so far.\" _(suggested "
                + "from @Lena (Support) at 23:50 UTC"), md);
        assertTrue(md.contains("5xx rate 23.4% over 5m"), md);
        assertTrue(md.contains("- 23:45 (6m after detection) — Decision: roll back orders-api to v2.40.3. _(suggested"), md);
        assertTrue(md.contains("| 1 | Derive the pool size from max_connections / replicas instead of a fixed 50 (ORD-1412) "
                + "_(suggested from @sam.k at 00:20 UTC"), md);
        assertTrue(md.contains("(ORD-1413) _(suggested"), md);
        assertTrue(md.contains("| @Marco Bianchi | _TODO: YYYY-MM-DD_ | suggested |"), "the +1 reply's load test: " + md);
        // The complaints: TTD is not "<1m ✅" from the first message, TTM is measured from "[RESOLVED]".
        assertTrue(md.contains("- TTD (start of impact → detection): 4m* (target < 5 min) ✅"), md);
        assertTrue(md.contains("- TTM (detection → mitigation): 24m* (target < 30 min) ✅"), md);
        assertTrue(md.contains("Candidates from the conversation"), md);
        String review = md.substring(md.indexOf("## Review before publishing"));
        assertTrue(review.contains("- Not written yet: Summary, Impact, Root cause, Action items."), review);
        assertTrue(review.contains("- Open suggestion: decision \"Decision: roll back orders-api to v2.40.3.\""), review);
        assertTrue(!review.contains("Nothing flagged"), review);
    }
}
