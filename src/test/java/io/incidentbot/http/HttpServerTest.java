package io.incidentbot.http;

import io.incidentbot.http.HttpServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    @Test
    void pastTheConnectionLimitNewConnectionsWaitUntilOneCloses() throws Exception {
        server = new HttpServer(0, Map.of("GET /", ex -> Reply.text(200, "ok")), 2);
        server.start();
        try (Socket first = open(); Socket second = open(); Socket third = new Socket()) {
            assertEquals("HTTP/1.1 200 OK", request(first));
            assertEquals("HTTP/1.1 200 OK", request(second));
            third.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000); // the OS backlog takes it
            third.setSoTimeout(700);
            third.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
            assertThrows(SocketTimeoutException.class, () -> third.getInputStream().read(),
                    "a third connection is not served while two are open");
            first.close();
            third.setSoTimeout(5_000);
            assertEquals("HTTP/1.1 200 OK", statusLine(third), "served once a connection closed");
        }
    }

    private static final String GET = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private Socket open() throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static String request(Socket s) throws Exception {
        s.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
        return statusLine(s);
    }

    private static String statusLine(Socket s) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int c; (c = s.getInputStream().read()) != -1 && c != '\r'; ) {
            line.append((char) c);
        }
        return line.toString();
    }
}
