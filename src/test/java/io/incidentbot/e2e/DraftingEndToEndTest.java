package io.incidentbot.e2e;

import io.incidentbot.testing.MutableClock;

import static io.incidentbot.e2e.LearningLoopTest.ALICE;
import static io.incidentbot.e2e.LearningLoopTest.BOB;
import static io.incidentbot.e2e.LearningLoopTest.resolve;
import static io.incidentbot.e2e.LearningLoopTest.run;
import static io.incidentbot.e2e.SlackRequests.botMessage;
import static io.incidentbot.e2e.SlackRequests.message;
import static io.incidentbot.e2e.SlackRequests.threadReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drafter on the running bot: a conversation posted as signed Events API messages, then
 * {@code /incident resolve}, then the draft the bot uploaded to (fake) Slack is read. Each suggestion
 * is marked and links its source message; what a person set with a command is never replaced.
 */
class DraftingEndToEndTest {
    static final String CAROL = "U0CAROL";
    static final String SEOUL = "U0JIHOON";

    @TempDir
    Path dir;

    /** Slack ts of a UTC instant. */
    static String ts(String instant, int n) {
        return Instant.parse(instant).getEpochSecond() + String.format(".%06d", n);
    }

    static String latestDraft(RunningBot bot) {
        List<String> drafts = List.copyOf(bot.fake.uploads().values());
        return drafts.get(drafts.size() - 1);
    }

    @Test
    void aResolvedIncidentsDraftProposesFromTheConversation() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-05-09T23:39:20Z"));
        try (RunningBot bot = new RunningBot(dir, null, clock)) {
            bot.fake.addUser(ALICE, "alice");
            bot.fake.addUser(BOB, "bob");
            bot.fake.addUser(CAROL, "carol");
            bot.fake.addUser(SEOUL, "jihoon", "Asia/Seoul");
            String channel = bot.openIncident(ALICE, "--sev P1 Orders API returning 502s");
            String alert = ts("2030-05-09T23:39:02Z", 1);
            String claim = ts("2030-05-09T23:39:40Z", 2);
            String decision = ts("2030-05-09T23:45:02Z", 3);
            String support = ts("2030-05-09T23:50:44Z", 4);
            String followUp = ts("2030-05-10T00:20:33Z", 6);
            post(bot, botMessage(channel, "B0ALERTS", "Alertmanager", alert,
                    "[FIRING:1] OrdersApi5xxRateHigh orders-api: 5xx rate 23.4% over 5m (threshold 2%)"));
            post(bot, message(channel, CAROL, claim, "I'm taking IC. The ALB is returning 502s since ~23:35, checkout "
                    + "is failing for a good share of users."));
            post(bot, message(channel, BOB, ts("2030-05-09T23:42:02Z", 7), "yes, v2.41.0 went out at 23:31"));
            post(bot, message(channel, CAROL, decision, "*Decision:* roll back orders-api to v2.40.3. <@U0BOB> please go ahead."));
            post(bot, message(channel, SEOUL, support, "고객 문의 37건 들어왔습니다. 결제 실패가 계속되고 있어요."));
            post(bot, botMessage(channel, "B0ALERTS", "Alertmanager", ts("2030-05-10T00:03:40Z", 5),
                    "[RESOLVED] OrdersApi5xxRateHigh orders-api: 5xx rate 0.1% over 5m"));
            post(bot, message(channel, BOB, followUp, "Follow-up: derive the pool size from max_connections / replicas, "
                    + "and alert on RDS connection saturation. I'll open tickets."));
            post(bot, threadReply(channel, BOB, ts("2030-05-10T00:26:48Z", 8), followUp,
                    "tickets: ORD-1412 (pool sizing), ORD-1413 (RDS saturation alert)"));
            post(bot, message(channel, CAROL, ts("2030-05-10T00:44:00Z", 9), "Resolving. <@U0BOB> please own the postmortem."));
            // Set by a person: comms. The conversation's claims must not replace it.
            String role = run(bot, channel, ALICE, "role comms <@" + ALICE + "|alice>");
            assertTrue(role.contains("communications lead"), role);
            clock.advance(Duration.ofMinutes(67));
            resolve(bot, channel, ALICE, "Hikari pool × pods exceeded RDS max_connections");
            String md = latestDraft(bot);
            String link = "https://slack.com/archives/" + channel + "/p";

            assertTrue(md.contains("**Incident lead:** @carol _(suggested from @carol at 23:39 UTC, [message](" + link
                    + claim.replace(".", "") + "))_"), "the claim replaces the opener as default lead: " + md);
            assertTrue(md.contains("**Comms:** @alice  ·  **Scribe:** _none named_"), "comms as set with /incident role: " + md);
            assertTrue(md.contains("**Author:** @bob _(suggested from @carol at 00:44 UTC"), md);

            assertTrue(md.contains("\n## Summary\nBetween 23:35 and 00:03 UTC: Orders API returning 502s. Alertmanager "
                    + "detected it at 23:39; the team decided to roll back orders-api to v2.40.3 at 23:45, 6m after "
                    + "detection; mitigated at 00:03; resolved at 00:46. _(suggested"), md);
            assertTrue(md.contains("- Failed requests / errors: \"[FIRING:1] OrdersApi5xxRateHigh orders-api: 5xx rate 23.4% "
                    + "over 5m (threshold 2%)\" _(suggested from Alertmanager (bot) at 23:39 UTC, [message](" + link
                    + alert.replace(".", "") + "))_"), md);
            assertTrue(md.contains("- Users affected: \"고객 문의 37건 들어왔습니다.\" _(suggested from @jihoon at 23:50 UTC"), md);

            int timeline = md.indexOf("## Timeline (UTC)");
            int decisions = md.indexOf("\n## Decisions during the incident\n");
            assertTrue(decisions > timeline && decisions < md.indexOf("## Root cause"), "decisions come after the timeline");
            assertTrue(md.contains("- 23:45 (6m after detection) — Decision: roll back orders-api to v2.40.3. _(suggested from "
                    + "@carol at 23:45 UTC, [message](" + link + decision.replace(".", "") + "))_"), md);

            // The root cause given at resolve stays, and no candidates are proposed over it.
            assertTrue(md.contains("## Root cause\nHikari pool × pods exceeded RDS max_connections\n\n## Why?"), md);

            assertTrue(md.contains("| 1 | Derive the pool size from max_connections / replicas (ORD-1412) _(suggested from "
                    + "@bob at 00:20 UTC, [message](" + link + followUp.replace(".", "") + "))_ | @bob | _TODO: YYYY-MM-DD_ | "
                    + "suggested |"), md);
            assertTrue(md.contains("| 2 | Alert on RDS connection saturation (ORD-1413) _(suggested"), md);

            assertTrue(md.contains("- TTD (start of impact → detection): 4m* (target < 5 min) ✅"), md);
            assertTrue(md.contains("- TTM (detection → mitigation): 24m* (target < 30 min) ✅"), md);
            assertTrue(md.contains("start of impact 23:35 from @carol at 23:39 UTC"), md);

            String review = md.substring(md.indexOf("## Review before publishing"));
            assertTrue(review.contains("- Not written yet: Summary, Impact, Action items — a P1 postmortem is not published"),
                    review);
            assertTrue(review.contains("- Open suggestion: incident lead @carol from @carol at 23:39 UTC"), review);
            assertFalse(review.contains("Nothing flagged"), review);

            // The gate: a P1 with Summary, Impact and Action items unwritten is not published …
            String refused = run(bot, channel, ALICE, "publish");
            assertTrue(refused.contains("is not published: Summary, Impact, Action items are not written yet"), refused);
            // … unless someone says --anyway, which the timeline records.
            String anyway = run(bot, channel, ALICE, "publish --anyway");
            assertTrue(anyway.contains("Publishing the postmortem"), anyway);
            assertEquals(List.of("Postmortem published anyway by <@" + ALICE + "> (`--anyway`) over: Summary, Impact, "
                    + "Action items not written"), bot.query("SELECT text FROM timeline_entry WHERE text LIKE "
                    + "'Postmortem published anyway%'"));
        }
    }

    @Test
    void aSeoulSpeakersStatedTimeIsReadInTheirZoneAndAnUnknownStartIsNeverMet() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-09-14T05:02:00Z"));
        try (RunningBot bot = new RunningBot(dir, null, clock)) {
            bot.fake.addUser(SEOUL, "jihoon", "Asia/Seoul");
            String channel = bot.openIncident(ALICE, "Payment gateway timeouts");
            // 05:03 UTC is 14:03 in Seoul: "14시부터" is 05:00 UTC, not 14:00 UTC.
            post(bot, message(channel, SEOUL, ts("2030-09-14T05:03:30Z", 1), "제가 IC 맡겠습니다. 14시부터 결제 요청 타임아웃이 급증하고 있습니다."));
            post(bot, message(channel, SEOUL, ts("2030-09-14T05:31:40Z", 2), "결제 정상화 확인했습니다."));
            clock.advance(Duration.ofMinutes(40));
            resolve(bot, channel, ALICE, "");
            String md = latestDraft(bot);
            assertTrue(md.contains("**Incident lead:** @jihoon _(suggested"), md);
            assertTrue(md.contains("- TTD (start of impact → detection): 2m* (target < 5 min) ✅"), md);
            assertTrue(md.contains("start of impact 05:00 from @jihoon"), md);
            assertTrue(md.contains("- TTM (detection → mitigation): 29m* (target < 30 min) ✅"), md);

            // A second incident where nobody says when it began: TTD and TTR are unknown, never ✅.
            String quiet = bot.openIncident(ALICE, "Search is slow");
            post(bot, message(quiet, SEOUL, ts("2030-09-14T05:50:00Z", 3), "검색이 느리다는 문의가 있습니다"));
            clock.advance(Duration.ofMinutes(20));
            resolve(bot, quiet, ALICE, "");
            String second = latestDraft(bot);
            assertTrue(second.contains("- TTD (start of impact → detection): unknown (target < 5 min)\n"), second);
            assertTrue(second.contains("- TTR (start of impact → resolution): unknown (target"), second);
            String metrics = second.substring(second.indexOf("## Metrics"), second.indexOf("## Related"));
            assertFalse(metrics.contains("TTD (start of impact → detection): unknown (target < 5 min) ✅"), metrics);
            assertTrue(second.contains("- Unknown metric: TTD (start of impact unknown)"), second);
        }
    }

    private static void post(RunningBot bot, com.google.gson.JsonObject event) {
        assertEquals(200, bot.event(event).statusCode());
    }
}
