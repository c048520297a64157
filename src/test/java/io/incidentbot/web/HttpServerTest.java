package io.incidentbot.web;

import io.incidentbot.web.HttpServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HttpServerTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void exactRoutesWinThenTheLongestPrefixAndQueriesAndHeadersPassThrough() throws Exception {
        server = new HttpServer(0, Map.of(
                "GET /", ex -> Reply.text(200, "home " + ex.queryParam("a")),
                "GET /incidents/*", ex -> Reply.text(200, "incident " + ex.path()),
                "GET /incidents/special/*", ex -> Reply.text(200, "special " + ex.path()),
                "GET /incidents/exact", ex -> Reply.text(200, "exact")
                        .withHeader("Location", "/x").withHeader("Cache-Control", "no-store")));
        server.start();
        assertEquals("home b c", send("GET", "/?a=b+c").body());
        assertEquals("incident /incidents/7/postmortem", send("GET", "/incidents/7/postmortem").body());
        assertEquals("special /incidents/special/1", send("GET", "/incidents/special/1").body());
        HttpResponse<String> exact = send("GET", "/incidents/exact");
        assertEquals("exact", exact.body());
        assertEquals("/x", exact.headers().firstValue("Location").orElse(null));
        assertEquals("no-store", exact.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(404, send("GET", "/incidents").statusCode());
        assertEquals(404, send("GET", "/other").statusCode());
        assertEquals(405, send("POST", "/incidents/7").statusCode());
    }
}
