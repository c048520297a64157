package io.incidentbot.http;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueryStringTest {
    @Test
    void parsesDecodesAndKeepsOrder() {
        Map<String, List<String>> q = QueryString.parse("status=open&severity=P1&q=a+b%26c&status=resolved&flag&=x");
        assertEquals(List.of("open", "resolved"), q.get("status"));
        assertEquals(List.of("a b&c"), q.get("q"));
        assertEquals(List.of(""), q.get("flag"));
        assertEquals(List.of("status", "severity", "q", "flag", ""), List.copyOf(q.keySet()));
    }

    @Test
    void malformedPairsAreSkippedNotFatal() {
        Map<String, List<String>> q = QueryString.parse("a=%zz&b=2&c=%");
        assertEquals(Map.of("b", List.of("2")), q);
        assertEquals(Map.of(), QueryString.parse(null));
        assertEquals(QueryString.MAX_PARAMS, QueryString.parse("a=1&".repeat(1000).replace("a=", "k")).get("k1").size());
    }

    @Test
    void buildsEncodedQueries() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("status", "open");
        p.put("skip", null);
        p.put("q", "a b&c=d/é");
        assertEquals("status=open&q=a%20b%26c%3Dd%2F%C3%A9", QueryString.build(p));
    }
}
