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
    /** Bot id → the integration's name, from users.json's bot users ({@code profile.bot_id}). */
    private final Map<String, String> botNames = new HashMap<>();

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
        return open(path, warnings, null);
    }

    /**
     * As {@link #open(Path, Consumer)}; {@code zipEncoding} forces the character set of a zip's entry
     * names. Null reads them as the zip says (its UTF-8 flag), else as UTF-8, else Shift-JIS (Windows'
     * built-in zip on a Japanese system), else CP437 (Windows' built-in zip elsewhere).
     */
    public static SlackExportReader open(Path path, Consumer<String> warnings, java.nio.charset.Charset zipEncoding) {
        Consumer<String> warn = warnings == null ? w -> { } : warnings;
        if (!Files.exists(path)) {
            throw new ExportException("no such file or folder: " + path);
        }
        Source source;
        if (Files.isDirectory(path)) {
            source = DirSource.open(path);
        } else {
            source = ZipSource.open(path, zipEncoding);
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
     * A channel's messages as read: {@code skippedFiles} are day files that could not be read (only
     * with {@code skipBadFiles}); {@code withoutTs} messages had no valid {@code ts} and were left
     * out, {@code firstWithoutTs} says where the first of them was and what it said.
     */
    public record ChannelRead(List<Message> messages, List<String> skippedFiles, int withoutTs,
                              String firstWithoutTs) {
    }

    /**
     * All messages of a channel, in time order, each {@code ts} once. A day file that cannot be read
     * stops the reading (an {@link ExportException} naming it).
     */
    public List<Message> messages(Channel channel) {
        return read(channel, false).messages();
    }

    /**
     * All messages of a channel, in time order, each {@code ts} once. A day file that cannot be read
     * throws an {@link ExportException} naming it, unless {@code skipBadFiles}: then it is reported,
     * skipped and listed. Messages without a valid {@code ts} are counted and reported.
     */
    public ChannelRead read(Channel channel, boolean skipBadFiles) {
        List<String> skipped = new ArrayList<>();
        List<Map.Entry<String, JsonArray>> days = new ArrayList<>();
        for (String file : dayFiles(channel)) {
            String where = channel.folder() + "/" + file;
            String problem;
            try {
                JsonElement root = parse(where);
                if (root.isJsonArray()) {
                    days.add(Map.entry(where, root.getAsJsonArray()));
                    continue;
                }
                problem = "expected a JSON array of messages";
            } catch (IOException | JsonParseException | IllegalStateException e) {
                Throwable damage = damagedZip(e);
                problem = damage != null ? "the zip is damaged (" + oneLine(damage.getMessage()) + ")"
                        : "not valid JSON (" + jsonProblem(e) + ")";
            }
            if (!skipBadFiles) {
                throw new ExportException(where + " cannot be read: " + problem + "; nothing was stored (fix or "
                        + "remove the file, or give --skip-bad-files to import the rest and list it in the draft)");
            }
            warnings.accept("skipping " + where + ": " + problem);
            skipped.add(where);
        }
        Map<String, String> integrations = integrationNames(days);
        Map<String, Message> byTs = new HashMap<>();
        int withoutTs = 0;
        String firstWithoutTs = null;
        for (Map.Entry<String, JsonArray> day : days) {
            for (JsonElement e : day.getValue()) {
                if (!e.isJsonObject()) {
                    continue;
                }
                JsonObject o = e.getAsJsonObject();
                Message m = toMessage(o, channel.id(), day.getKey(), integrations);
                if (m != null) {
                    byTs.putIfAbsent(m.ts(), m);
                } else if (!io.incidentbot.incident.SlackTs.isValid(str(o, "ts"))) {
                    withoutTs++;
                    if (firstWithoutTs == null) {
                        firstWithoutTs = day.getKey() + ": " + example(o);
                    }
                }
            }
        }
        if (withoutTs > 0) {
            warnings.accept(withoutTs + (withoutTs == 1 ? " message" : " messages") + " in " + channel.folder()
                    + "/ had no valid ts and " + (withoutTs == 1 ? "was" : "were") + " left out (first: "
                    + firstWithoutTs + ")");
        }
        List<Message> sorted = new ArrayList<>(byTs.values());
        sorted.sort(Comparator.comparing(Message::at).thenComparing(Message::ts));
        return new ChannelRead(sorted, List.copyOf(skipped), withoutTs, firstWithoutTs);
    }

    /** The zip's own complaint (a bad CRC, a cut-off entry) behind a failed read, or null. */
    private static Throwable damagedZip(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ZipException || t instanceof java.io.EOFException && t.getMessage() != null
                    && t.getMessage().contains("ZLIB")) {
                return t;
            }
        }
        return null;
    }

    /** What a message without a usable ts looked like: its ts as written, and the start of its text. */
    private static String example(JsonObject o) {
        JsonElement ts = o.get("ts");
        String text = str(o, "text");
        String shown = text == null ? "" : oneLine(text);
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "…";
        }
        return (ts == null || ts.isJsonNull() ? "no ts" : "ts " + ts) + ", \"" + shown + "\"";
    }

    /**
     * Integrations named by the channel's "added an integration to this channel: <…|Jenkins CI>"
     * messages ({@code bot_add}, {@code bot_id} with {@code bot_link} or a linked name in the text).
     */
    private static Map<String, String> integrationNames(List<Map.Entry<String, JsonArray>> days) {
        Map<String, String> names = new HashMap<>();
        for (Map.Entry<String, JsonArray> day : days) {
            for (JsonElement e : day.getValue()) {
                if (!e.isJsonObject()) {
                    continue;
                }
                JsonObject o = e.getAsJsonObject();
                String subtype = str(o, "subtype");
                String botId = str(o, "bot_id");
                if (botId == null || !("bot_add".equals(subtype) || "bot_remove".equals(subtype)
                        || "bot_enable".equals(subtype) || "bot_disable".equals(subtype))) {
                    continue;
                }
                String name = linkLabel(str(o, "bot_link"));
                if (name == null) {
                    name = linkLabel(str(o, "text"));
                }
                if (name != null) {
                    names.putIfAbsent(botId, name);
                }
            }
        }
        return names;
    }

    private static final Pattern LINK_LABEL = Pattern.compile("<[^|>]*\\|([^>]+)>");

    /** The label of the last Slack link in a text ({@code <https://…|Jenkins CI>} → Jenkins CI). */
    private static String linkLabel(String text) {
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = LINK_LABEL.matcher(text);
        String label = null;
        while (m.find()) {
            label = m.group(1).strip();
        }
        return label == null || label.isEmpty() ? null : label;
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
                String botId = str(profile, "bot_id");
                if (botId != null) {
                    botNames.putIfAbsent(botId, name.strip());
                }
            }
        }
        return Map.copyOf(names);
    }

    private Message toMessage(JsonObject m, String channelId, String where, Map<String, String> integrations) {
        SlackMessages.BotNames bots = (botId, userId) -> {
            String name = botId == null ? null : integrations.get(botId);
            return name != null ? name : botName(botId, userId);
        };
        IncomingMessage message = SlackMessages.toMessage(TEAM_ID, null, channelId, m, bots);
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
        Map<String, String> users = userNames();
        String name = botId == null ? null : botNames.get(botId);
        return name != null ? name : userId == null ? null : users.get(userId);
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
                .replaceFirst("\\.?\\s*See https?://\\S+\\s*$", "")
                // Gson's advice to the programmer, not to the person importing
                .replaceFirst("Use JsonReader\\.set(Strictness|Lenient)\\([^)]*\\) to accept malformed JSON", "malformed JSON")
                .replaceFirst("\\s+path \\$\\S*", "");
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

        /** Names tried in order when the zip does not flag them UTF-8 and no encoding is forced. */
        private static final List<java.nio.charset.Charset> NAME_ENCODINGS = List.of(StandardCharsets.UTF_8,
                java.nio.charset.Charset.forName("Shift_JIS"), java.nio.charset.Charset.forName("IBM437"));

        static ZipSource open(Path path, java.nio.charset.Charset forced) {
            List<java.nio.charset.Charset> encodings = forced != null ? List.of(forced) : NAME_ENCODINGS;
            ZipFile zip = null;
            String badNames = null;
            for (java.nio.charset.Charset encoding : encodings) {
                try {
                    zip = new ZipFile(path.toFile(), encoding);
                    break;
                } catch (NoSuchFileException e) {
                    throw new ExportException("no such file or folder: " + path);
                } catch (ZipException e) {
                    if (!looksLikeZip(path)) {
                        throw new ExportException(path + " is neither a folder nor a zip file: give a Slack export "
                                + "(the .zip Slack lets you download, or the folder it unpacks to)");
                    }
                    if (e.getMessage() == null || !e.getMessage().contains("bad entry name")) {
                        throw new ExportException("the zip is damaged (" + path + ": " + oneLine(e.getMessage())
                                + "); download the export again or unpack it with another tool and import the folder");
                    }
                    badNames = encoding.name();
                } catch (IllegalArgumentException e) { // an entry name this character set cannot decode
                    badNames = encoding.name();
                } catch (IOException e) {
                    throw new ExportException("cannot read " + path + ": " + oneLine(e.getMessage()));
                }
            }
            if (zip == null) {
                throw new ExportException("cannot read the names of the files in " + path + " as " + badNames
                        + (forced != null ? " (--zip-encoding)" : "") + "; give the zip's encoding with --zip-encoding"
                        + " (e.g. UTF-8, Shift_JIS, CP437), or unpack it and import the folder");
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

        /** A zip's first bytes: a local file header, or the end record of an empty zip. */
        private static boolean looksLikeZip(Path path) {
            try (InputStream in = Files.newInputStream(path)) {
                byte[] head = in.readNBytes(4);
                return head.length == 4 && head[0] == 'P' && head[1] == 'K'
                        && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6 || head[2] == 7 && head[3] == 8);
            } catch (IOException e) {
                return false;
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
