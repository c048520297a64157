package io.incidentbot.postmortem;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.TimelineEntry.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An incident conversation written down with what a careful reader would extract from it
 * ({@code src/test/resources/drafting/*.txt}). The format, line by line:
 * <pre>
 * # title: …            # users: U1=priya@Europe/London U2=marco   # declared: 2026-05-09 23:39
 * @2026-05-09           (the date of the lines that follow, UTC)
 * 23:39:02 bot Alertmanager: text      a bot's message
 * 23:39:40 U1: text                    a person's message ("> " before the id: a reply in the last thread)
 * 23:45:02 U1 [pin]: text              pinned
 * == expect
 * lead: U1 · comms: - · scribe: - · author: U3 · start: 2026-05-09 23:35 | unknown · mitigation: … | unknown
 * decision: words the decision contains      (one line each; "a / b" accepts either)
 * action: words | owner | ticket              impact: words
 * </pre>
 */
record ConversationFixture(String name, String title, Map<String, String> names, Map<String, ZoneId> zones,
                           Instant declared, List<TimelineEntry> entries, Map<String, String> expect,
                           List<String> decisions, List<String[]> actions, List<String> impact) {

    private static final Pattern LINE = Pattern.compile(
            "^(\\d{2}:\\d{2}:\\d{2})\\s+(>\\s+)?(?:bot\\s+([^:]+)|([UW][A-Z0-9]+))(\\s+\\[pin])?:\\s?(.*)$");

    static ConversationFixture load(String name) throws IOException {
        try (InputStream in = ConversationFixture.class.getResourceAsStream("/drafting/" + name + ".txt")) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static ConversationFixture parse(String name, String text) {
        String title = name;
        Map<String, String> names = new HashMap<>();
        Map<String, ZoneId> zones = new HashMap<>();
        Instant declared = null;
        List<TimelineEntry> entries = new ArrayList<>();
        Map<String, String> expect = new HashMap<>();
        List<String> decisions = new ArrayList<>();
        List<String[]> actions = new ArrayList<>();
        List<String> impact = new ArrayList<>();
        LocalDate day = LocalDate.of(2026, 1, 1);
        boolean expecting = false;
        String threadTs = null;
        long id = 1;
        TimelineEntry last = null;
        for (String raw : text.split("\n")) {
            String line = raw.stripTrailing();
            if (line.isBlank() || line.startsWith("//")) {
                continue;
            }
            if (line.equals("== expect")) {
                expecting = true;
                continue;
            }
            if (expecting) {
                int colon = line.indexOf(':');
                String key = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                switch (key) {
                    case "decision" -> decisions.add(value);
                    case "impact" -> impact.add(value);
                    case "action" -> actions.add(value.split("\\s*\\|\\s*"));
                    default -> expect.put(key, value);
                }
                continue;
            }
            if (line.startsWith("# title:")) {
                title = line.substring(8).strip();
            } else if (line.startsWith("# users:")) {
                for (String u : line.substring(8).strip().split("\\s+")) {
                    String[] kv = u.split("=", 2);
                    String[] nz = kv[1].split("@", 2);
                    names.put(kv[0], nz[0]);
                    if (nz.length > 1) {
                        zones.put(kv[0], ZoneId.of(nz[1]));
                    }
                }
            } else if (line.startsWith("# declared:")) {
                declared = at(line.substring(11).strip());
            } else if (line.startsWith("@")) {
                day = LocalDate.parse(line.substring(1).strip());
            } else {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    if (last != null) { // a continuation line of the previous message
                        TimelineEntry p = last;
                        last = new TimelineEntry(p.id(), p.incidentId(), p.kind(), p.ts(), p.threadTs(), p.authorId(),
                                p.authorName(), p.text() + "\n" + line.strip(), p.firstText(), p.occurredAt(), null, false,
                                p.pinned(), List.of());
                        entries.set(entries.size() - 1, last);
                        continue;
                    }
                    throw new IllegalArgumentException(name + ": cannot read " + line);
                }
                Instant at = day.atTime(java.time.LocalTime.parse(m.group(1))).toInstant(ZoneOffset.UTC);
                String ts = at.getEpochSecond() + "." + String.format("%06d", id);
                boolean reply = m.group(2) != null;
                String thread = reply ? threadTs : null;
                if (!reply) {
                    threadTs = ts;
                }
                boolean bot = m.group(3) != null;
                String mrkdwn = m.group(6).replace("&", "&amp;").replace(" > ", " &gt; ").replace(" < ", " &lt; ");
                last = new TimelineEntry(id, 1, bot ? Kind.BOT_MESSAGE : Kind.MESSAGE, ts, thread,
                        bot ? null : m.group(4), bot ? m.group(3).strip() : null, mrkdwn, mrkdwn, at, null, false,
                        m.group(5) != null, List.of());
                entries.add(last);
                id++;
            }
        }
        if (declared != null) {
            entries.add(0, new TimelineEntry(0, 1, Kind.LIFECYCLE, null, null, "U0", null,
                    "Incident declared by <@U0> (P2)", null, declared, null, false, false, List.of()));
            entries.sort(java.util.Comparator.comparing(TimelineEntry::occurredAt));
        }
        return new ConversationFixture(name, title, names, zones, declared, entries, expect, decisions, actions, impact);
    }

    static Instant at(String text) {
        return LocalDateTime.parse(text.strip().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    UserNames userNames() {
        Map<String, String> n = names;
        Map<String, ZoneId> z = zones;
        return new UserNames() {
            @Override
            public String displayName(String userId) {
                return n.getOrDefault(userId, userId);
            }

            @Override
            public ZoneId timeZone(String userId) {
                return z.get(userId);
            }
        };
    }

    /** The incident as the drafter sees it: opened at the declaration (or the first message), as imported. */
    Incident incident() {
        Instant first = entries.get(0).occurredAt();
        Instant opened = declared != null ? declared : first;
        Instant last = entries.get(entries.size() - 1).occurredAt();
        String opener = declared != null ? "U0" : entries.stream().filter(e -> e.authorId() != null)
                .map(TimelineEntry::authorId).findFirst().orElse("import");
        return new Incident(1, "T1", title, null, Severity.P2, Status.RESOLVED, opener, opener, "C0FIXTURE",
                "inc-" + name, null, null, null, opened, opened, opened, null, last.plusSeconds(60));
    }
}
