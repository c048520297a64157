package io.incidentbot.postmortem;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times people write ("since ~23:35", "at 2:05pm", "14:05 UTC", "yesterday 16:00", "20 minutes ago",
 * "23시 35분", "오후 2시", "10분 전"), read as instants. A clock time is read in the zone it names, else
 * in the speaker's zone, as the latest such time not after the message; an hour written without
 * am/pm that could be either half of the day is read as whichever of the two is latest.
 */
final class StatedTimes {

    /** A time found in a text: the instant and where it is written ({@code start}, {@code end}). */
    record Stated(Instant at, int start, int end) {
    }

    private static final String ZONES = "UTC|GMT|Z|ET|PT|CT|MT|KST|JST|CET|CEST|BST|PST|PDT|EST|EDT|CST|CDT|MST|MDT|IST";
    private static final Map<String, ZoneId> ZONE_IDS = Map.ofEntries(
            Map.entry("UTC", ZoneOffset.UTC), Map.entry("ET", ZoneId.of("America/New_York")),
            Map.entry("PT", ZoneId.of("America/Los_Angeles")), Map.entry("CT", ZoneId.of("America/Chicago")),
            Map.entry("MT", ZoneId.of("America/Denver")), Map.entry("GMT", ZoneOffset.UTC), Map.entry("Z", ZoneOffset.UTC),
            Map.entry("KST", ZoneId.of("Asia/Seoul")), Map.entry("JST", ZoneId.of("Asia/Tokyo")),
            Map.entry("CET", ZoneOffset.ofHours(1)), Map.entry("CEST", ZoneOffset.ofHours(2)),
            Map.entry("BST", ZoneOffset.ofHours(1)), Map.entry("PST", ZoneOffset.ofHours(-8)),
            Map.entry("PDT", ZoneOffset.ofHours(-7)), Map.entry("EST", ZoneOffset.ofHours(-5)),
            Map.entry("EDT", ZoneOffset.ofHours(-4)), Map.entry("CST", ZoneOffset.ofHours(-6)),
            Map.entry("CDT", ZoneOffset.ofHours(-5)), Map.entry("MST", ZoneOffset.ofHours(-7)),
            Map.entry("MDT", ZoneOffset.ofHours(-6)), Map.entry("IST", ZoneOffset.ofHoursMinutes(5, 30)));

    private static final Pattern DATE_TIME = Pattern.compile(
            "(?<!\\d)(\\d{4}-\\d{2}-\\d{2})[ T](\\d{1,2}):(\\d{2})(?::\\d{2})?\\s*(" + ZONES + ")?\\b");
    private static final Pattern CLOCK = Pattern.compile(
            "(?<![\\d.:/v])(\\d{1,2})[:：](\\d{2})(?::\\d{2})?(?![\\d.:/%])\\s*(am|pm|a\\.m\\.|p\\.m\\.)?\\s*(" + ZONES
                    + ")?(?![A-Za-z])", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOUR_AMPM = Pattern.compile(
            "(?<![\\d.:])(\\d{1,2})\\s*(am|pm|a\\.m\\.|p\\.m\\.)(?![A-Za-z])\\s*(" + ZONES + ")?", Pattern.CASE_INSENSITIVE);
    private static final Pattern KOREAN = Pattern.compile(
            "(오전|오후|새벽|아침|저녁|밤)?\\s*(\\d{1,2})\\s*시(?:\\s*(\\d{1,2})\\s*분|\\s*(반))?");
    private static final Pattern AGO = Pattern.compile(
            "(?:(\\d+|an?|half an)\\s*(min(?:ute)?s?|m|hours?|hrs?|h)\\s+ago"
                    + "|for\\s+(?:the\\s+)?(?:last|past)\\s+(\\d+|an?|half an)?\\s*(min(?:ute)?s?|m|hours?|hrs?|h)\\b"
                    + "|(\\d+)\\s*(분|시간)\\s*(?:전|째))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern YESTERDAY = Pattern.compile("\\b(?:yesterday|last night)\\b|어제|어젯밤",
            Pattern.CASE_INSENSITIVE);

    private StatedTimes() {
    }

    /** Every time stated in {@code text}, in the order written. */
    static List<Stated> in(String text, Instant said, ZoneId speakerZone) {
        List<Stated> out = new ArrayList<>();
        String t = withoutUrls(text);
        boolean yesterday = YESTERDAY.matcher(t).find();
        ZoneId zone = speakerZone == null ? ZoneOffset.UTC : speakerZone;
        boolean[] used = new boolean[t.length() + 1];

        Matcher m = DATE_TIME.matcher(t);
        while (m.find()) {
            ZoneId z = m.group(4) == null ? zone : ZONE_IDS.get(m.group(4).toUpperCase(Locale.ROOT));
            int h = Integer.parseInt(m.group(2));
            int min = Integer.parseInt(m.group(3));
            if (h < 24 && min < 60) {
                out.add(new Stated(LocalDate.parse(m.group(1)).atTime(h, min).atZone(z).toInstant(), m.start(), m.end()));
                mark(used, m.start(), m.end());
            }
        }
        m = CLOCK.matcher(t);
        while (m.find()) {
            if (used[m.start()]) {
                continue;
            }
            int h = Integer.parseInt(m.group(1));
            int min = Integer.parseInt(m.group(2));
            if (h > 23 || min > 59) {
                continue;
            }
            ZoneId z = m.group(4) == null ? zone : ZONE_IDS.get(m.group(4).toUpperCase(Locale.ROOT));
            String ampm = m.group(3);
            boolean either = ampm == null && m.group(1).length() == 1 && h >= 1 || ampm == null && h >= 10 && h <= 12
                    && !m.group(1).startsWith("0");
            Instant at = ampm != null ? latest(twelveHour(h, ampm), min, said, z, yesterday)
                    : either ? later(latest(h % 12, min, said, z, yesterday), latest(h % 12 + 12, min, said, z, yesterday))
                    : latest(h, min, said, z, yesterday);
            if (at != null) {
                out.add(new Stated(at, m.start(), m.end()));
                mark(used, m.start(), m.end());
            }
        }
        m = HOUR_AMPM.matcher(t);
        while (m.find()) {
            if (used[m.start()]) {
                continue;
            }
            int h = Integer.parseInt(m.group(1));
            if (h < 1 || h > 12) {
                continue;
            }
            ZoneId z = m.group(3) == null ? zone : ZONE_IDS.get(m.group(3).toUpperCase(Locale.ROOT));
            Instant at = latest(twelveHour(h, m.group(2)), 0, said, z, yesterday);
            out.add(new Stated(at, m.start(), m.end()));
            mark(used, m.start(), m.end());
        }
        m = KOREAN.matcher(t);
        while (m.find()) {
            if (used[m.start(2)]) {
                continue;
            }
            int h = Integer.parseInt(m.group(2));
            int min = m.group(3) != null ? Integer.parseInt(m.group(3)) : m.group(4) != null ? 30 : 0;
            if (h > 24 || min > 59) {
                continue;
            }
            String part = m.group(1);
            Instant at;
            if (part == null) {
                at = h > 12 || h == 0 ? latest(h % 24, min, said, zone, yesterday)
                        : later(latest(h % 12, min, said, zone, yesterday), latest(h % 12 + 12, min, said, zone, yesterday));
            } else {
                boolean pm = part.equals("오후") || part.equals("저녁") || part.equals("밤") && h >= 6;
                at = latest(pm ? h % 12 + 12 : h % 12, min, said, zone, yesterday);
            }
            out.add(new Stated(at, m.start(), m.end()));
            mark(used, m.start(), m.end());
        }
        m = AGO.matcher(t);
        while (m.find()) {
            if (used[m.start()]) {
                continue;
            }
            String amount = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(5);
            String unit = m.group(2) != null ? m.group(2) : m.group(4) != null ? m.group(4) : m.group(6);
            if (unit == null) {
                continue;
            }
            Duration d = amount(amount, unit);
            if (d != null) {
                out.add(new Stated(said.minus(d), m.start(), m.end()));
            }
        }
        out.sort(java.util.Comparator.comparingInt(Stated::start));
        return out;
    }

    private static Duration amount(String amount, String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        double n;
        if (amount == null || amount.equalsIgnoreCase("a") || amount.equalsIgnoreCase("an")) {
            n = 1;
        } else if (amount.equalsIgnoreCase("half an")) {
            n = 0.5;
        } else {
            n = Double.parseDouble(amount);
        }
        boolean hours = u.startsWith("h") || u.equals("시간");
        long minutes = Math.round(hours ? n * 60 : n);
        return minutes <= 0 || minutes > 14 * 24 * 60 ? null : Duration.ofMinutes(minutes);
    }

    private static int twelveHour(int h, String ampm) {
        boolean pm = ampm.toLowerCase(Locale.ROOT).startsWith("p");
        return pm ? h % 12 + 12 : h % 12;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /** The latest {@code h:min} in {@code zone} not after {@code said} (a day earlier with "yesterday"). */
    private static Instant latest(int h, int min, Instant said, ZoneId zone, boolean yesterday) {
        if (h < 0 || h > 23) {
            return null;
        }
        ZonedDateTime local = said.atZone(zone);
        ZonedDateTime candidate = local.toLocalDate().atTime(LocalTime.of(h, min)).atZone(zone);
        if (candidate.toInstant().isAfter(said)) {
            candidate = candidate.minusDays(1);
        }
        if (yesterday && !candidate.toLocalDate().isBefore(local.toLocalDate())) {
            candidate = candidate.minusDays(1);
        }
        return candidate.toInstant();
    }

    private static void mark(boolean[] used, int from, int to) {
        for (int i = from; i < to && i < used.length; i++) {
            used[i] = true;
        }
    }

    private static final Pattern URL = Pattern.compile("https?://\\S+");

    /** URLs blanked out (same length, so offsets still match): their digits are not times. */
    static String withoutUrls(String text) {
        Matcher m = URL.matcher(text);
        StringBuilder sb = new StringBuilder(text);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                sb.setCharAt(i, ' ');
            }
        }
        return sb.toString();
    }
}
