package io.incidentbot.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.postmortem.SimilarIncidents.Candidate;
import io.incidentbot.postmortem.SimilarIncidents.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimilarIncidentsTest {

    private static final Candidate ORDERS_502 = new Candidate(10, "Orders API returns 502", null);

    @Test
    void similarTitlesMatch() {
        List<Match> matches = SimilarIncidents.find(ORDERS_502,
                List.of(new Candidate(3, "Orders API 502 errors after deploy", null)), 5);
        assertEquals(1, matches.size());
        Match m = matches.get(0);
        assertEquals(3, m.id());
        // {order, api, 502} shared of {order, api, return, 502, error, deploy}
        assertEquals(0.5, m.score(), 1e-9);
        assertEquals(Set.of("orders", "api", "502"), m.sharedWords());
    }

    @Test
    void unrelatedTitlesDoNotMatch() {
        assertEquals(List.of(), SimilarIncidents.find(ORDERS_502, List.of(new Candidate(4, "Slow search page", null)), 5));
    }

    @Test
    void rootCauseOverlapMatchesDespiteDifferentTitles() {
        Candidate current = new Candidate(20, "Checkout times out",
                "Database connection pool exhausted by a long-running report query");
        Candidate earlier = new Candidate(7, "Login page errors", "Connection pool exhausted after a traffic spike");
        List<Match> matches = SimilarIncidents.find(current, List.of(earlier), 5);
        assertEquals(1, matches.size());
        assertEquals(Set.of("connection", "pool", "exhausted"), matches.get(0).sharedWords());
        // shared 3 words x2 = 6; all words: 2 title + 8x2 root cause (current) + 3 title + 2x2 (earlier) = 25
        assertEquals(6.0 / 25, matches.get(0).score(), 1e-9);
    }

    @Test
    void rootCauseOverlapWeighsDoubleTitleOverlap() {
        Candidate current = new Candidate(1, "Webhook delivery delayed", "Kafka consumer lag");
        Match byRootCause = SimilarIncidents.find(current,
                List.of(new Candidate(2, "Emails late", "Kafka consumer lag")), 1).get(0);
        Match byTitle = SimilarIncidents.find(current,
                List.of(new Candidate(3, "Webhook delivery delayed", "Certificate expired")), 1).get(0);
        assertTrue(byRootCause.score() > byTitle.score(), byRootCause + " vs " + byTitle);
    }

    @Test
    void bestFirstThenMostRecent() {
        List<Candidate> earlier = List.of(
                new Candidate(1, "Orders API slow", null),
                new Candidate(2, "Orders API returns 502 after deploy", null),
                new Candidate(3, "Orders API returns 502", null),
                new Candidate(4, "Slow search page", null),
                new Candidate(5, "Orders API slow", null));
        List<Match> matches = SimilarIncidents.find(ORDERS_502, earlier, 10);
        assertEquals(List.of(3L, 2L, 5L, 1L), matches.stream().map(Match::id).toList());
        assertEquals(1.0, matches.get(0).score(), 1e-9);
        for (int i = 1; i < matches.size(); i++) {
            assertTrue(matches.get(i - 1).score() >= matches.get(i).score());
        }
    }

    @Test
    void limitKeepsTheBest() {
        List<Candidate> earlier = new ArrayList<>();
        for (long id = 1; id <= 8; id++) {
            earlier.add(new Candidate(id, "Orders API returns 502" + " again".repeat((int) id), null));
        }
        earlier.add(new Candidate(9, "Orders API returns 502 errors", null));
        List<Match> matches = SimilarIncidents.find(ORDERS_502, earlier, 2);
        assertEquals(2, matches.size());
        assertEquals(List.of(8L, 7L), matches.stream().map(Match::id).toList()); // "again" is a stop word: all 1.0
        assertEquals(List.of(), SimilarIncidents.find(ORDERS_502, earlier, 0));
    }

    @Test
    void currentIncidentIsExcluded() {
        List<Match> matches = SimilarIncidents.find(ORDERS_502,
                List.of(ORDERS_502, new Candidate(10, "Orders API returns 502", "same id"),
                        new Candidate(2, "Orders API returns 502", null)), 5);
        assertEquals(List.of(2L), matches.stream().map(Match::id).toList());
    }

    @Test
    void belowThresholdIsLeftOut() {
        // one shared word out of many
        Candidate earlier = new Candidate(2, "Orders export job writes duplicate rows to the warehouse", null);
        assertEquals(List.of(), SimilarIncidents.find(ORDERS_502, List.of(earlier), 5));
    }

    @Test
    void stopWordsAndShortWordsAreNotSharedWords() {
        Candidate current = new Candidate(1, "The DB is down for all of us", null);
        Candidate earlier = new Candidate(2, "The DB is down for all of them", null);
        // every word is a stop word or shorter than 3 characters: nothing meaningful is shared
        assertEquals(List.of(), SimilarIncidents.find(current, List.of(earlier), 5));
        assertEquals(Set.of(), SimilarIncidents.stems("The DB is up to it"));
    }

    @Test
    void missingTitlesAndRootCausesAreHandled() {
        assertEquals(List.of(), SimilarIncidents.find(new Candidate(1, null, null), List.of(ORDERS_502), 5));
        assertEquals(List.of(), SimilarIncidents.find(ORDERS_502, List.of(new Candidate(2, null, null)), 5));
        assertEquals(List.of(), SimilarIncidents.find(ORDERS_502, null, 5));
        List<Candidate> withNull = new ArrayList<>();
        withNull.add(null);
        assertEquals(List.of(), SimilarIncidents.find(ORDERS_502, withNull, 5));
    }

    @Test
    void tokensAreLowerCaseLettersAndDigits() {
        assertEquals(Set.of("order", "payment", "502", "k8s", "eu1"),
                SimilarIncidents.stems("ORDERS/payments: 502 on k8s (eu1)!"));
    }

    @ParameterizedTest
    @CsvSource({
            "errors, error", "error, error",
            "deploys, deploy", "deployed, deploy", "deploying, deploy",
            "caches, cach", "caching, cach", "cache, cach",
            "queries, query", "timeouts, timeout",
            "running, run", "dropped, drop", "stalled, stall",
            "processes, process", "status, status", "redis, redis",
            "string, string", "speed, speed", "pages, pag", "paged, pag"})
    void lightStemming(String word, String stem) {
        assertEquals(stem, SimilarIncidents.stem(word));
    }
}
