package io.incidentbot.importer;

import static io.incidentbot.slackapi.Json.arr;
import static io.incidentbot.slackapi.Json.obj;
import static io.incidentbot.slackapi.Json.str;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.slackapi.SlackMessages;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a standard Slack workspace export, as a {@code .zip} or unpacked into a folder:
 * {@code users.json}, {@code channels.json} (public), {@code groups.json} and {@code mpims.json}
 * (private channels and group DMs, when present) and one folder per channel holding a
 * {@code YYYY-MM-DD.json} array of messages per day.
 *
 * <p>Lenient by design: unknown fields are ignored, odd values read as absent, and a day file that
 * cannot be read is reported through the warning callback and skipped. Problems that make the
 * export unusable are thrown as {@link ExportException} with a one-line message for the user.
 */
public final class SlackExportReader implements Closeable {
    /** Exports do not say which workspace they came from; imported incidents share this team id. */
    public static final String TEAM_ID = "T-IMPORT";
    static final Pattern DAY_FILE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.json");
    private static final List<String> CHANNEL_LISTS = List.of("channels.json", "groups.json", "mpims.json");

    private final Source source;
    private final Consumer<String> warnings;
    private final List<Channel> channels;
    private Map<String, String> userNames;

    /** The export could not be used; the message is one line meant for the person running the import. */
    public static final class ExportException extends RuntimeException {
        public ExportException(String message) {
            super(message);
        }
    }

    /** A channel listed in the export; {@code folder} holds its day files. */
    public record Channel(String id, String name, String creator, String folder) {
    }

    /**
     * One message as exported, read by the same mapper as live messages ({@link SlackMessages}):
     * {@code message} carries the final text of an edited message, {@code editedAt} when it was
     * edited; {@code reactions} are reaction names; {@code conversation} is false for joins, topic
     * changes and other channel noise.
     */
    public record Message(
            IncomingMessage message,
            Instant at,
            String subtype,
            boolean conversation,
            List<String> reactions,
            boolean pinnedInChannel,
            Instant editedAt,
            String dayFile) {

        public String ts() {
            return message.ts();
        }

        public String text() {
            return message.text();
        }

        /** A message people (or integrations) wrote, as opposed to joins, topic changes and other noise. */
        public boolean isConversation() {
            return conversation;
        }

        public boolean fromBot() {
            return message.fromBot();
        }

        public boolean isThreadReply() {
            return message.threadTs() != null && !message.threadTs().equals(message.ts());
        }
    }

    private SlackExportReader(Source source, Consumer<String> warnings) {
        this.source = source;
        this.warnings = warnings;
        this.channels = readChannels();
    }

    /**
     * Opens an export: a {@code .zip} file as downloaded from Slack, or the folder it unpacks to.
     * A single wrapping folder (as some zip tools add) is looked through.
     */
    public static SlackExportReader open(Path path, Consumer<String> warnings) {
        Consumer<String> warn = warnings == null ? w -> { } : warnings;
        if (!Files.exists(path)) {
            throw new ExportException("no such file or folder: " + path);
        }
        Source source;
        if (Files.isDirectory(path)) {
            source = DirSource.open(path);
        } else {
            source = ZipSource.open(path);
        }
        try {
            return new SlackExportReader(source, warn);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** Every named channel in the export, sorted by name. */
    public List<Channel> channels() {
        return channels;
    }

    /** The channel with this name (a leading {@code #} is ignored) or id. */
    public Optional<Channel> channel(String nameOrId) {
        if (nameOrId == null) {
            return Optional.empty();
        }
        String wanted = nameOrId.strip();
        if (wanted.startsWith("#")) {
            wanted = wanted.substring(1);
        }
        for (Channel c : channels) {
            if (c.name().equals(wanted)) {
                return Optional.of(c);
            }
        }
        for (Channel c : channels) {
            if (c.id().equals(wanted) || c.name().equalsIgnoreCase(wanted)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * User id → the name people know them by: {@code profile.display_name}, else the real name,
     * else the account name. Empty when the export has no (readable) {@code users.json}.
     */
    public Map<String, String> userNames() {
        if (userNames == null) {
            userNames = readUserNames();
        }
        return userNames;
    }

    /** True when the channel has a folder of day files in the export. */
    public boolean hasMessages(Channel channel) {
        return !dayFiles(channel).isEmpty();
    }

    /**
     * All messages of a channel, in time order, each {@code ts} once. Day files that cannot be read
     * are reported and skipped; messages without a valid {@code ts} are skipped.
     */
    public List<Message> messages(Channel channel) {
        Map<String, Message> byTs = new HashMap<>();
        for (String file : dayFiles(channel)) {
            String where = channel.folder() + "/" + file;
            JsonElement root;
            try {
                root = parse(where);
            } catch (IOException | JsonParseException | IllegalStateException e) {
                warnings.accept("skipping " + where + ": not valid JSON (" + jsonProblem(e) + ")");
                continue;
            }
            if (!root.isJsonArray()) {
                warnings.accept("skipping " + where + ": expected a JSON array of messages");
                continue;
            }
            for (JsonElement e : root.getAsJsonArray()) {
                Message m = e.isJsonObject() ? toMessage(e.getAsJsonObject(), channel.id(), where) : null;
                if (m != null) {
                    byTs.putIfAbsent(m.ts(), m);
                }
            }
        }
        List<Message> sorted = new ArrayList<>(byTs.values());
        sorted.sort(Comparator.comparing(Message::at).thenComparing(Message::ts));
        return sorted;
    }

    /** The day files of a channel, oldest first. */
    List<String> dayFiles(Channel channel) {
        List<String> files = new ArrayList<>();
        for (String name : source.list(channel.folder())) {
            if (DAY_FILE.matcher(name).matches()) {
                files.add(name);
            }
        }
        files.sort(null);
        return files;
    }

    public String describe() {
        return source.describe();
    }

    @Override
    public void close() {
        source.close();
    }

    // ---- reading ----

    private List<Channel> readChannels() {
        boolean any = false;
        Map<String, Channel> byName = new TreeMap<>();
        for (String list : CHANNEL_LISTS) {
            if (!source.has(list)) {
                continue;
            }
            any = true;
            JsonElement root;
            try {
                root = parse(list);
            } catch (IOException | JsonParseException | IllegalStateException e) {
                throw new ExportException(list + " in " + source.describe() + " is not valid JSON ("
                        + jsonProblem(e) + ")");
            }
            if (!root.isJsonArray()) {
                throw new ExportException(list + " in " + source.describe() + " is not a list of channels");
            }
            for (JsonElement e : root.getAsJsonArray()) {
                if (!e.isJsonObject()) {
                    continue;
                }
                JsonObject o = e.getAsJsonObject();
                String id = str(o, "id");
                String name = str(o, "name");
                if (id == null || name == null) {
                    continue; // direct messages have no name; nothing to import by
                }
                byName.putIfAbsent(name, new Channel(id, name, str(o, "creator"), name));
            }
        }
        if (!any) {
            throw new ExportException(source.describe() + " does not look like a Slack export: it has no "
                    + "channels.json (export one in Slack: Workspace settings → Import/Export Data → Export)");
        }
        return List.copyOf(byName.values());
    }

    private Map<String, String> readUserNames() {
        if (!source.has("users.json")) {
            warnings.accept("the export has no users.json; people are shown by their Slack ids");
            return Map.of();
        }
        JsonElement root;
        try {
            root = parse("users.json");
        } catch (IOException | JsonParseException | IllegalStateException e) {
            warnings.accept("users.json is not valid JSON (" + jsonProblem(e)
                    + "); people are shown by their Slack ids");
            return Map.of();
        }
        if (!root.isJsonArray()) {
            warnings.accept("users.json is not a list of users; people are shown by their Slack ids");
            return Map.of();
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonElement e : root.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                continue;
            }
            JsonObject u = e.getAsJsonObject();
            String id = str(u, "id");
            JsonObject profile = obj(u, "profile");
            String name = firstNonBlank(str(profile, "display_name"), str(u, "real_name"),
                    str(profile, "real_name"), str(u, "name"));
            if (id != null && name != null) {
                names.put(id, name.strip());
            }
        }
        return Map.copyOf(names);
    }

    private Message toMessage(JsonObject m, String channelId, String where) {
        IncomingMessage message = SlackMessages.toMessage(TEAM_ID, null, channelId, m, this::botName);
        if (message == null) {
            return null;
        }
        JsonObject edited = obj(m, "edited");
        Instant editedAt = edited == null ? null : Optional.ofNullable(SlackMessages.editedAt(m)).orElse(message.occurredAt());
        JsonArray pinnedTo = arr(m, "pinned_to");
        return new Message(message, message.occurredAt(), str(m, "subtype"), SlackMessages.carriesConversation(m),
                reactionNames(m), pinnedTo != null && !pinnedTo.isEmpty(), editedAt, where);
    }

    /** An integration's name when its message does not say: the name users.json gives its bot user. */
    private String botName(String botId, String userId) {
        return userId == null ? null : userNames().get(userId);
    }

    private static List<String> reactionNames(JsonObject m) {
        JsonArray reactions = arr(m, "reactions");
        if (reactions == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonElement r : reactions) {
            String name = r.isJsonObject() ? str(r.getAsJsonObject(), "name") : null;
            if (name != null) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private JsonElement parse(String relative) throws IOException {
        try (Reader reader = new InputStreamReader(source.open(relative), StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(reader);
            if (root == null || root.isJsonNull()) {
                throw new JsonParseException("the file is empty");
            }
            return root;
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** Gson's message without the exception class in front and the troubleshooting link behind. */
    static String jsonProblem(Exception e) {
        Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        message = message.replaceFirst("^[\\w.$]+(Exception|Error): ", "")
                .replaceFirst("\\.?\\s*See https?://\\S+\\s*$", "");
        return oneLine(message);
    }

    static String oneLine(String s) {
        if (s == null || s.isBlank()) {
            return "unreadable";
        }
        String line = s.strip().replace('\n', ' ').replace('\r', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    // ---- where the files come from ----

    /** Files of the export by their path relative to its root ("users.json", "general/2026-05-09.json"). */
    private interface Source {
        boolean has(String relative);

        InputStream open(String relative) throws IOException;

        /** Names of the files directly inside a folder; empty when there is no such folder. */
        List<String> list(String folder);

        String describe();

        void close();
    }

    private static final class DirSource implements Source {
        private final Path root;
        private final Path given;

        private DirSource(Path given, Path root) {
            this.given = given;
            this.root = root;
        }

        static DirSource open(Path dir) {
            if (!Files.isReadable(dir)) {
                throw new ExportException("cannot read the folder " + dir + " (permission denied)");
            }
            Path root = dir;
            if (!isExportRoot(dir)) {
                // An export unpacked into a folder of its own: look one level down.
                List<Path> inner = new ArrayList<>();
                try (Stream<Path> children = Files.list(dir)) {
                    children.filter(Files::isDirectory).filter(DirSource::isExportRoot).forEach(inner::add);
                } catch (IOException e) {
                    throw new ExportException("cannot read the folder " + dir + ": " + oneLine(e.getMessage()));
                }
                if (inner.size() == 1) {
                    root = inner.get(0);
                }
            }
            return new DirSource(dir, root);
        }

        private static boolean isExportRoot(Path dir) {
            return CHANNEL_LISTS.stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f)));
        }

        @Override
        public boolean has(String relative) {
            return Files.isRegularFile(root.resolve(relative));
        }

        @Override
        public InputStream open(String relative) throws IOException {
            return Files.newInputStream(root.resolve(relative));
        }

        @Override
        public List<String> list(String folder) {
            Path dir = root.resolve(folder).normalize();
            if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> children = Files.list(dir)) {
                return children.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
            } catch (IOException e) {
                throw new ExportException("cannot read the folder " + dir + ": " + oneLine(e.getMessage()));
            }
        }

        @Override
        public String describe() {
            return given.toString();
        }

        @Override
        public void close() {
        }
    }

    private static final class ZipSource implements Source {
        private final Path path;
        private final ZipFile zip;
        /** Relative path (below the export's root inside the zip) → entry. */
        private final Map<String, ZipEntry> entries;

        private ZipSource(Path path, ZipFile zip, Map<String, ZipEntry> entries) {
            this.path = path;
            this.zip = zip;
            this.entries = entries;
        }

        static ZipSource open(Path path) {
            ZipFile zip;
            try {
                zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new ExportException("no such file or folder: " + path);
            } catch (ZipException e) {
                throw new ExportException(path + " is neither a folder nor a zip file: give a Slack export "
                        + "(the .zip Slack lets you download, or the folder it unpacks to)");
            } catch (IOException e) {
                throw new ExportException("cannot read " + path + ": " + oneLine(e.getMessage()));
            }
            try {
                List<ZipEntry> all = new ArrayList<>();
                zip.stream().filter(e -> !e.isDirectory()).filter(e -> !e.getName().startsWith("__MACOSX/"))
                        .forEach(all::add);
                String prefix = rootPrefix(all);
                Map<String, ZipEntry> entries = new HashMap<>();
                for (ZipEntry e : all) {
                    if (e.getName().startsWith(prefix)) {
                        entries.putIfAbsent(e.getName().substring(prefix.length()), e);
                    }
                }
                return new ZipSource(path, zip, entries);
            } catch (RuntimeException e) {
                closeQuietly(zip);
                if (e instanceof ExportException) {
                    throw e;
                }
                throw new ExportException("cannot read " + path + ": " + oneLine(e.getMessage()));
            }
        }

        /** "" when channels.json is at the top, "Acme Slack export/" when the zip wraps it in a folder. */
        private static String rootPrefix(List<ZipEntry> entries) {
            String best = null;
            for (ZipEntry e : entries) {
                String name = e.getName();
                for (String list : CHANNEL_LISTS) {
                    if (name.equals(list) || name.endsWith("/" + list)) {
                        String prefix = name.substring(0, name.length() - list.length());
                        if (best == null || depth(prefix) < depth(best)) {
                            best = prefix;
                        }
                    }
                }
            }
            return best == null ? "" : best;
        }

        private static int depth(String prefix) {
            return (int) prefix.chars().filter(c -> c == '/').count();
        }

        @Override
        public boolean has(String relative) {
            return entries.containsKey(relative);
        }

        @Override
        public InputStream open(String relative) throws IOException {
            ZipEntry e = entries.get(relative);
            if (e == null) {
                throw new NoSuchFileException(relative);
            }
            return zip.getInputStream(e);
        }

        @Override
        public List<String> list(String folder) {
            String prefix = folder + "/";
            List<String> names = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String name : entries.keySet()) {
                if (name.startsWith(prefix)) {
                    String rest = name.substring(prefix.length());
                    if (!rest.isEmpty() && rest.indexOf('/') < 0 && seen.add(rest)) {
                        names.add(rest);
                    }
                }
            }
            return names;
        }

        @Override
        public String describe() {
            return path.toString();
        }

        @Override
        public void close() {
            closeQuietly(zip);
        }

        private static void closeQuietly(ZipFile zip) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // read-only; nothing to lose
            }
        }
    }
}
