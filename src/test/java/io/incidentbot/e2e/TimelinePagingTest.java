package io.incidentbot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.incidentbot.e2e.WebScenario.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: the web timeline of a big incident comes a page of 500 entries at a time; each page links
 * to the next by position, and following the links shows every entry once, in order. A search runs
 * over the whole timeline in the database, pages the same way, and a hand-edited position is a
 * clear 400, not a 500.
 */
class TimelinePagingTest {
    private static final String ALICE = "U0ALICE";
    private static final int MESSAGES = 1_203;
    private static final Pattern NEXT = Pattern.compile("<a rel=\"next\" href=\"([^\"]+)\">Next 500 entries");
    private static final Pattern MESSAGE_NUMBER = Pattern.compile("message number (\\d+) ");

    @TempDir
    Path dir;

    @Test
    void aBigTimelineIsServedPageByPageAndSearchedInTheDatabase() throws Exception {
        try (RunningBot bot = new RunningBot(dir, RunningBot.ANNOUNCE_CHANNEL, TOKEN)) {
            bot.fake.addUser(ALICE, "alice");
            String channel = bot.openIncident(ALICE, "Alert storm");
            bot.burstOfMessages(channel, ALICE, MESSAGES, i -> "message number " + i
                    + (i == 1_111 ? " the needle: conn pool exhausted" : " nothing new"));

            // page after page: 500, 500, then the rest (and the "declared" entry first)
            List<Integer> seen = new ArrayList<>();
            String path = "/incidents/1";
            List<Integer> pageSizes = new ArrayList<>();
            while (path != null) {
                String page = html(bot, path);
                List<String[]> entries = WebScenario.entries(page);
                pageSizes.add(entries.size());
                for (String[] e : entries) {
                    Matcher m = MESSAGE_NUMBER.matcher(e[1]);
                    if (m.find()) {
                        seen.add(Integer.parseInt(m.group(1)));
                    }
                }
                Matcher next = NEXT.matcher(page);
                path = next.find() ? next.group(1).replace("&amp;", "&") : null;
                assertTrue(pageSizes.size() <= 4, "the pages end");
            }
            assertEquals(List.of(500, 500, MESSAGES + 1 - 1_000), pageSizes);
            assertEquals(MESSAGES, seen.size(), "every message once");
            assertEquals(MESSAGES, new HashSet<>(seen).size());
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i - 1) < seen.get(i), "in time order at " + i);
            }

            // the search finds what lies on the third page, from the first request
            String found = html(bot, "/incidents/1?q=CONN+POOL");
            List<String[]> hits = WebScenario.entries(found);
            assertEquals(1, hits.size(), found);
            assertTrue(hits.get(0)[1].contains("message number 1111"), hits.get(0)[1]);
            assertTrue(found.contains("1 of " + (MESSAGES + 1) + " entries shown — matching “CONN POOL”"), found);
            // a person's name finds their entries, and pages like the timeline
            String byName = html(bot, "/incidents/1?q=alice");
            assertEquals(500, WebScenario.entries(byName).size());
            assertTrue(NEXT.matcher(byName).find() && byName.contains("q=alice"), "the next page keeps the search");

            HttpResponse<String> edited = bot.get("/incidents/1?after=%27%20OR%201=1", "Authorization", "Bearer " + TOKEN);
            assertEquals(400, edited.statusCode(), edited.body());
            assertTrue(edited.body().contains("Start from its first page"), edited.body());
        }
    }

    private static String html(RunningBot bot, String path) throws Exception {
        HttpResponse<String> r = bot.get(path, "Authorization", "Bearer " + TOKEN);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }
}
