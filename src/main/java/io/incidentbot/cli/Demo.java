package io.incidentbot.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.incidentbot.http.HttpServer;
import io.incidentbot.importer.ExportImporter;
import io.incidentbot.importer.ExportUserNames;
import io.incidentbot.importer.SlackExportReader;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.incident.Role;
import io.incidentbot.incident.Section;
import io.incidentbot.incident.Severity;
import io.incidentbot.postmortem.PostmortemDrafter;
import io.incidentbot.postmortem.TtrTargets;
import io.incidentbot.postmortem.UserNames;
import io.incidentbot.store.Database;
import io.incidentbot.store.JooqActionItemRepository;
import io.incidentbot.store.JooqIncidentRepository;
import io.incidentbot.store.JooqLearningRepository;
import io.incidentbot.store.JooqPostmortemRepository;
import io.incidentbot.store.JooqTimelineRepository;
import io.incidentbot.web.WebPages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The web pages on the bundled example data, with no Slack, no settings and no network: the example
 * export (two incidents of one team, three months apart) is imported into a temporary SQLite database,
 * each incident gets the follow-up its team wrote (demo/follow-up.json: sections, response times,
 * action items, tags), and the pages are served on 127.0.0.1 behind a one-time sign-in link. Closing
 * it deletes the temporary files.
 */
public final class Demo implements AutoCloseable {
    static final String EXPORT = "demo/slack-export";
    static final String FOLLOW_UP = "demo/follow-up.json";

    private final Path dir;
    private final Database db;
    private final HttpServer http;
    private final String signInLink;
    private final List<Incident> incidents;

    private Demo(Path dir, Database db, HttpServer http, String signInLink, List<Incident> incidents) {
        this.dir = dir;
        this.db = db;
        this.http = http;
        this.signInLink = signInLink;
        this.incidents = incidents;
    }

    /** Imports the bundled data and starts the pages on {@code port} (0: a free one). */
    public static Demo start(int port, Clock clock) throws Exception {
        Path dir = Files.createTempDirectory("incident-bot-demo-");
        Database db = null;
        HttpServer http = null;
        try {
            Path export = copyBundledExport(dir.resolve("slack-export"));
            db = Database.open("jdbc:sqlite:" + dir.resolve("demo.db"));
            IncidentService service = service(db, clock);
            LearningService learning = learning(db, service, clock);
            UserNames names;
            PostmortemDrafter drafter;
            List<Incident> imported;
            try (SlackExportReader reader = SlackExportReader.open(export, warning -> { })) {
                names = new ExportUserNames(reader.userNames());
                drafter = new PostmortemDrafter(service, learning, names, TtrTargets.defaults());
                imported = importWithFollowUp(reader, new ExportImporter(service, drafter, db), db);
            }
            for (Incident incident : imported) {
                // the draft as /incident postmortem would write it now, with everything the team added
                service.saveDraft(incident, drafter.draft(incident));
            }
            String token = HexFormat.of().formatHex(randomBytes());
            Map<String, HttpServer.Route> routes = new HashMap<>(WebPages.routesWithOneTimeLink(token, service, names,
                    drafter, TtrTargets.defaults(), clock));
            Database database = db;
            routes.put("GET /health", ex -> HttpServer.Reply.json(database.isHealthy() ? 200 : 503,
                    "{\"status\":\"" + (database.isHealthy() ? "ok" : "unavailable") + "\",\"demo\":true}"));
            http = new HttpServer("127.0.0.1", port, routes);
            http.start();
            String link = "http://127.0.0.1:" + http.port() + "/?token=" + token;
            return new Demo(dir, db, http, link, imported);
        } catch (Exception | Error e) {
            if (http != null) {
                http.close();
            }
            if (db != null) {
                db.close();
            }
            deleteTree(dir);
            throw e;
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    public int port() {
        return http.port();
    }

    /** Opens the pages once (then the session cookie carries on). */
    public String signInLink() {
        return signInLink;
    }

    public List<Incident> incidents() {
        return incidents;
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (Exception e) {
            // stopping anyway; the files go next
        }
        db.close();
        deleteTree(dir);
    }

    private static IncidentService service(Database db, Clock clock) {
        return new IncidentService(new JooqIncidentRepository(db), new JooqTimelineRepository(db),
                new JooqPostmortemRepository(db), new JooqActionItemRepository(db), db, clock);
    }

    private static LearningService learning(Database db, IncidentService service, Clock clock) {
        return new LearningService(service, new JooqIncidentRepository(db), new JooqTimelineRepository(db),
                new JooqLearningRepository(db), db, clock);
    }

    /** Each incident of the follow-up file: imported, then what its team wrote afterwards, in time order. */
    private static List<Incident> importWithFollowUp(SlackExportReader reader, ExportImporter importer, Database db)
            throws IOException {
        JsonArray followUps = readFollowUp().getAsJsonArray("incidents");
        List<Incident> imported = new ArrayList<>();
        for (JsonElement element : followUps) {
            JsonObject f = element.getAsJsonObject();
            String channelName = f.get("channel").getAsString();
            SlackExportReader.Channel channel = reader.channel(channelName)
                    .orElseThrow(() -> new IllegalStateException("the bundled export has no #" + channelName));
            List<SlackExportReader.Message> messages = ExportImporter.conversation(reader.messages(channel), null, null);
            Severity severity = Severity.parse(f.get("severity").getAsString()).orElseThrow();
            Incident incident = importer.importChannel(new ExportImporter.Request(channel, messages,
                    f.get("title").getAsString(), severity, "pushpin", false), null).incident();
            imported.add(followUp(incident, f, db));
        }
        return imported;
    }

    /**
     * The team's follow-up, each change at its own time after the resolution (so the timeline reads like
     * the postmortem meeting that made it): lead, impact start and mitigation, sections, actions, tags.
     */
    private static Incident followUp(Incident incident, JsonObject f, Database db) {
        String lead = f.get("lead").getAsString();
        Instant[] at = {incident.resolvedAt()};
        Supplier<Clock> next = () -> {
            at[0] = at[0].plusSeconds(120);
            return Clock.fixed(at[0], ZoneOffset.UTC);
        };
        service(db, next.get()).assignRole(incident, lead, Role.LEAD, lead);
        service(db, next.get()).setMilestone(incident, lead, IncidentService.Milestone.STARTED,
                Instant.parse(f.get("started").getAsString()));
        service(db, next.get()).setMilestone(incident, lead, IncidentService.Milestone.MITIGATED,
                Instant.parse(f.get("mitigated").getAsString()));
        service(db, next.get()).setSection(incident, lead, Section.SUMMARY, f.get("summary").getAsString());
        service(db, next.get()).setSection(incident, lead, Section.IMPACT, f.get("impact").getAsString());
        service(db, next.get()).setSection(incident, lead, Section.ROOT_CAUSE, f.get("rootCause").getAsString());
        for (JsonElement a : f.getAsJsonArray("actions")) {
            JsonObject action = a.getAsJsonObject();
            IncidentService service = service(db, next.get());
            var item = service.addAction(incident, lead, action.get("what").getAsString(),
                    action.get("owner").getAsString(), LocalDate.parse(action.get("due").getAsString()));
            if (action.get("done").getAsBoolean()) {
                Clock done = Clock.fixed(item.due().atStartOfDay().minusDays(1).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
                service(db, done).completeAction(incident, action.get("owner").getAsString(), item.number());
            }
        }
        Clock tagged = next.get();
        IncidentService service = service(db, tagged);
        List<String> tags = f.getAsJsonArray("tags").asList().stream().map(JsonElement::getAsString).toList();
        learning(db, service, tagged).addTags(incident, lead, tags);
        return service.find(incident.id()).orElseThrow();
    }

    private static JsonObject readFollowUp() throws IOException {
        try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(FOLLOW_UP)) {
            if (in == null) {
                throw new IllegalStateException(FOLLOW_UP + " is missing from the jar");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    /** The export bundled in the jar (or in target/classes when run from the build), copied to {@code target}. */
    private static Path copyBundledExport(Path target) throws IOException, URISyntaxException {
        URL url = Demo.class.getClassLoader().getResource(EXPORT);
        if (url == null) {
            throw new IllegalStateException("the example export (" + EXPORT + "/) is missing from the jar");
        }
        URI uri = url.toURI();
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                copyTree(jar.getPath(EXPORT), target);
            }
        } else {
            copyTree(Path.of(uri), target);
        }
        return target;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder; the OS cleans up what is left
        }
    }
}
