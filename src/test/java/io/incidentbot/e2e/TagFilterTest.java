package io.incidentbot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tags are filterable on the web list and counted on the metrics page. */
class TagFilterTest {
    private static final String BEARER = "Bearer " + WebScenario.TOKEN;

    @TempDir
    Path dir;

    @Test
    void theListFiltersByTagAndMetricsCountTaggedIncidents() throws Exception {
        try (RunningBot bot = new RunningBot(dir, RunningBot.ANNOUNCE_CHANNEL, WebScenario.TOKEN)) {
            String first = bot.openIncident("U0ALICE", "Orders database failover");
            bot.openIncident("U0BOB", "Search page slow");
            assertTrue(ackText(bot.command(first, "U0ALICE", "tag db deploy")).contains("db"));

            HttpResponse<String> tagged = bot.get("/?tag=db", "Authorization", BEARER);
            assertEquals(200, tagged.statusCode());
            assertTrue(tagged.body().contains("Orders database failover"), tagged.body());
            assertFalse(tagged.body().contains("Search page slow"), "only tagged incidents are listed");
            assertTrue(tagged.body().contains("name=\"tag\"") && tagged.body().contains("value=\"db\""),
                    "the form shows the tag filter");
            HttpResponse<String> all = bot.get("/", "Authorization", BEARER);
            assertTrue(all.body().contains("Search page slow") && all.body().contains("Orders database failover"));
            HttpResponse<String> bad = bot.get("/?tag=%3Cscript%3E", "Authorization", BEARER);
            assertEquals(400, bad.statusCode());
            assertFalse(bad.body().contains("<script>"), "the bad tag is shown escaped");

            String metrics = bot.get("/metrics").body();
            assertTrue(metrics.contains("incidentbot_incidents_tagged{tag=\"db\"} 1.0"), metrics);
            assertTrue(metrics.contains("incidentbot_incidents_tagged{tag=\"network\"} 0.0"), metrics);
        }
    }
}
