package io.incidentbot.cli;

import io.incidentbot.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code health}: asks the running bot's {@code GET /health} and exits 0 when it answers 200 — the
 * container image's HEALTHCHECK, since JRE images have no curl.
 */
@Command(name = "health", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        header = "Exit 0 when the running bot's GET /health answers 200 (for container health checks).",
        description = {"Asks a running bot's GET /health (on PORT, default 3000, of this machine) and exits 0 when it "
                + "answers 200, 1 otherwise: for container health checks and scripts.", ""},
        optionListHeading = "Options:%n")
final class HealthCommand implements Callable<Integer> {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;
    @Option(names = "--url", paramLabel = "<url>",
            description = "ask this address instead of http://127.0.0.1:<PORT>/health")
    private String url;

    private final Main.Context context;

    HealthCommand(Main.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        context.quietLogs();
        URI target = target();
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Main.Failure(Main.FAILED, "nothing answers at " + target + " (is the bot running on this PORT?)");
        } catch (HttpTimeoutException e) {
            throw new Main.Failure(Main.FAILED, target + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new Main.Failure(Main.FAILED, "cannot reach " + target + ": " + Main.reason(e));
        }
        String body = Main.oneLine(response.body());
        if (response.statusCode() != 200) {
            throw new Main.Failure(Main.FAILED, target + " answered " + response.statusCode() + ": " + body);
        }
        context.out.println("healthy: " + body);
        return Main.OK;
    }

    private URI target() {
        if (url != null) {
            try {
                URI uri = URI.create(url.strip());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw Main.usage(spec, "--url must be an http(s) address such as http://127.0.0.1:3000/health");
            }
        }
        int port;
        try {
            port = Config.port(context.env, context.dotEnv);
        } catch (Config.ConfigException e) {
            throw new Main.Failure(Main.USAGE_ERROR, e.getMessage());
        }
        if (port == 0) {
            throw new Main.Failure(Main.USAGE_ERROR, "PORT is 0 (a free port chosen at start): give the bot's address "
                    + "with --url http://127.0.0.1:<port>/health");
        }
        return URI.create("http://127.0.0.1:" + port + "/health");
    }
}
