package io.incidentbot.postmortem;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack's text as people read it, in Markdown: standard emoji shortcodes to Unicode ({@code :white_check_mark:}
 * → ✅; custom emoji stay {@code :name:}), {@code *bold*} → {@code **bold**}, {@code ~strike~} →
 * {@code ~~strike~~} ({@code _italic_} is the same in both). URLs are left alone. Applied to text outside code.
 */
final class Formatting {
    private Formatting() {
    }

    /** The common standard shortcodes Slack uses (its names, which follow the emoji cheat sheet's). */
    static final Map<String, String> EMOJI = Map.ofEntries(
            Map.entry("white_check_mark", "✅"), Map.entry("heavy_check_mark", "✔️"), Map.entry("x", "❌"),
            Map.entry("warning", "⚠️"), Map.entry("rotating_light", "🚨"), Map.entry("fire", "🔥"),
            Map.entry("tada", "🎉"), Map.entry("pushpin", "📌"), Map.entry("eyes", "👀"), Map.entry("+1", "👍"),
            Map.entry("thumbsup", "👍"), Map.entry("-1", "👎"), Map.entry("thumbsdown", "👎"), Map.entry("pray", "🙏"),
            Map.entry("raised_hands", "🙌"), Map.entry("clap", "👏"), Map.entry("ok_hand", "👌"), Map.entry("wave", "👋"),
            Map.entry("muscle", "💪"), Map.entry("point_up", "☝️"), Map.entry("point_right", "👉"),
            Map.entry("point_left", "👈"), Map.entry("smile", "😄"), Map.entry("smiley", "😃"), Map.entry("grinning", "😀"),
            Map.entry("slightly_smiling_face", "🙂"), Map.entry("wink", "😉"), Map.entry("joy", "😂"),
            Map.entry("sweat_smile", "😅"), Map.entry("thinking_face", "🤔"), Map.entry("face_palm", "🤦"),
            Map.entry("facepalm", "🤦"), Map.entry("scream", "😱"), Map.entry("cry", "😢"), Map.entry("sob", "😭"),
            Map.entry("disappointed", "😞"), Map.entry("confused", "😕"), Map.entry("grimacing", "😬"),
            Map.entry("upside_down_face", "🙃"), Map.entry("sunglasses", "😎"), Map.entry("heart", "❤️"),
            Map.entry("broken_heart", "💔"), Map.entry("100", "💯"), Map.entry("boom", "💥"), Map.entry("zap", "⚡"),
            Map.entry("sparkles", "✨"), Map.entry("star", "⭐"), Map.entry("rocket", "🚀"), Map.entry("bug", "🐛"),
            Map.entry("beetle", "🐞"), Map.entry("wrench", "🔧"), Map.entry("hammer", "🔨"),
            Map.entry("hammer_and_wrench", "🛠️"), Map.entry("gear", "⚙️"), Map.entry("lock", "🔒"),
            Map.entry("unlock", "🔓"), Map.entry("key", "🔑"), Map.entry("mag", "🔍"), Map.entry("bulb", "💡"),
            Map.entry("memo", "📝"), Map.entry("pencil", "📝"), Map.entry("pencil2", "✏️"), Map.entry("books", "📚"),
            Map.entry("book", "📖"), Map.entry("clipboard", "📋"), Map.entry("calendar", "📆"), Map.entry("date", "📅"),
            Map.entry("chart_with_upwards_trend", "📈"), Map.entry("chart_with_downwards_trend", "📉"),
            Map.entry("bar_chart", "📊"), Map.entry("link", "🔗"), Map.entry("paperclip", "📎"), Map.entry("email", "📧"),
            Map.entry("envelope", "✉️"), Map.entry("phone", "☎️"), Map.entry("telephone_receiver", "📞"),
            Map.entry("bell", "🔔"), Map.entry("no_bell", "🔕"), Map.entry("loudspeaker", "📢"), Map.entry("mega", "📣"),
            Map.entry("speech_balloon", "💬"), Map.entry("thought_balloon", "💭"), Map.entry("hourglass", "⌛"),
            Map.entry("hourglass_flowing_sand", "⏳"), Map.entry("stopwatch", "⏱️"), Map.entry("alarm_clock", "⏰"),
            Map.entry("clock1", "🕐"), Map.entry("red_circle", "🔴"), Map.entry("large_green_circle", "🟢"),
            Map.entry("green_circle", "🟢"), Map.entry("large_yellow_circle", "🟡"), Map.entry("yellow_circle", "🟡"),
            Map.entry("large_blue_circle", "🔵"), Map.entry("white_circle", "⚪"), Map.entry("black_circle", "⚫"),
            Map.entry("no_entry", "⛔"), Map.entry("no_entry_sign", "🚫"), Map.entry("stop_sign", "🛑"),
            Map.entry("octagonal_sign", "🛑"), Map.entry("construction", "🚧"), Map.entry("information_source", "ℹ️"),
            Map.entry("question", "❓"), Map.entry("exclamation", "❗"), Map.entry("heavy_exclamation_mark", "❗"),
            Map.entry("bangbang", "‼️"), Map.entry("arrow_right", "➡️"), Map.entry("arrow_left", "⬅️"),
            Map.entry("arrow_up", "⬆️"), Map.entry("arrow_down", "⬇️"), Map.entry("arrows_counterclockwise", "🔄"),
            Map.entry("repeat", "🔁"), Map.entry("leftwards_arrow_with_hook", "↩️"), Map.entry("heavy_plus_sign", "➕"),
            Map.entry("heavy_minus_sign", "➖"), Map.entry("ballot_box_with_check", "☑️"),
            Map.entry("white_large_square", "⬜"), Map.entry("black_large_square", "⬛"), Map.entry("skull", "💀"),
            Map.entry("ghost", "👻"), Map.entry("robot_face", "🤖"), Map.entry("alien", "👽"), Map.entry("coffee", "☕"),
            Map.entry("pizza", "🍕"), Map.entry("beer", "🍺"), Map.entry("beers", "🍻"), Map.entry("cake", "🍰"),
            Map.entry("moneybag", "💰"), Map.entry("dollar", "💵"), Map.entry("credit_card", "💳"),
            Map.entry("package", "📦"), Map.entry("truck", "🚚"), Map.entry("globe_with_meridians", "🌐"),
            Map.entry("cloud", "☁️"), Map.entry("sunny", "☀️"), Map.entry("umbrella", "☂️"), Map.entry("snowflake", "❄️"),
            Map.entry("ambulance", "🚑"), Map.entry("fire_engine", "🚒"), Map.entry("police_car", "🚓"),
            Map.entry("sos", "🆘"), Map.entry("new", "🆕"), Map.entry("ok", "🆗"), Map.entry("up", "🆙"),
            Map.entry("cool", "🆒"), Map.entry("free", "🆓"), Map.entry("sweat", "😓"), Map.entry("sleeping", "😴"),
            Map.entry("zzz", "💤"), Map.entry("see_no_evil", "🙈"), Map.entry("shrug", "🤷"),
            Map.entry("man-shrugging", "🤷‍♂️"), Map.entry("woman-shrugging", "🤷‍♀️"), Map.entry("handshake", "🤝"),
            Map.entry("crossed_fingers", "🤞"), Map.entry("v", "✌️"), Map.entry("writing_hand", "✍️"),
            Map.entry("party_popper", "🎉"), Map.entry("confetti_ball", "🎊"), Map.entry("trophy", "🏆"),
            Map.entry("medal", "🏅"), Map.entry("dart", "🎯"), Map.entry("checkered_flag", "🏁"),
            Map.entry("triangular_flag_on_post", "🚩"), Map.entry("rotating_light_siren", "🚨"), Map.entry("sparkle", "❇️"),
            Map.entry("heavy_heart_exclamation_mark_ornament", "❣️"), Map.entry("exploding_head", "🤯"),
            Map.entry("partying_face", "🥳"), Map.entry("smiling_face_with_tear", "🥲"), Map.entry("relieved", "😌"),
            Map.entry("neutral_face", "😐"), Map.entry("expressionless", "😑"), Map.entry("unamused", "😒"),
            Map.entry("rolling_eyes", "🙄"), Map.entry("hugging_face", "🤗"), Map.entry("rage", "😡"),
            Map.entry("angry", "😠"), Map.entry("fearful", "😨"), Map.entry("cold_sweat", "😰"),
            Map.entry("hushed", "😯"), Map.entry("astonished", "😲"), Map.entry("flushed", "😳"));

    private static final Pattern BOLD = Pattern.compile("(?<![\\p{L}\\p{N}*])\\*(?=\\S)([^*\\n]*?\\S)\\*(?![\\p{L}\\p{N}*])");
    private static final Pattern STRIKE = Pattern.compile("(?<![\\p{L}\\p{N}~])~(?=\\S)([^~\\n]*?\\S)~(?![\\p{L}\\p{N}~])");
    private static final Pattern URL = Pattern.compile("https?://[^\\s)\\]]+");

    /** Rewrites {@code out} from {@code from} on: emoji, bold, strike — outside URLs. */
    static void apply(StringBuilder out, int from) {
        boolean emoji = hasTwo(out, from, ':');
        boolean bold = out.indexOf("*", from) >= 0;
        boolean strike = out.indexOf("~", from) >= 0;
        if (!emoji && !bold && !strike) {
            return;
        }
        String text = out.substring(from);
        StringBuilder rewritten = new StringBuilder(text.length() + 16);
        Matcher url = URL.matcher(text);
        int i = 0;
        while (url.find()) {
            rewritten.append(words(text.substring(i, url.start()), emoji, bold, strike)).append(url.group());
            i = url.end();
        }
        rewritten.append(words(text.substring(i), emoji, bold, strike));
        out.setLength(from);
        out.append(rewritten);
    }

    private static String words(String s, boolean emoji, boolean bold, boolean strike) {
        String t = emoji ? emoji(s) : s;
        if (bold && t.indexOf('*') >= 0) {
            t = BOLD.matcher(t).replaceAll("**$1**");
        }
        if (strike && t.indexOf('~') >= 0) {
            t = STRIKE.matcher(t).replaceAll("~~$1~~");
        }
        return t;
    }

    /** {@code :name:} → its emoji when standard; unknown (custom) names are kept as written. */
    static String emoji(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        while (colon >= 0) {
            int end = colon + 1;
            while (end < s.length() && end - colon <= 40 && isNameChar(s.charAt(end))) {
                end++;
            }
            if (end < s.length() && s.charAt(end) == ':' && end > colon + 1) {
                String found = EMOJI.get(s.substring(colon + 1, end));
                if (found != null) {
                    sb.append(s, i, colon).append(found);
                    i = end + 1;
                    // a skin tone after it (":+1::skin-tone-3:") goes with it
                    if (s.startsWith(":skin-tone-", i)) {
                        int toneEnd = s.indexOf(':', i + 1);
                        if (toneEnd > 0) {
                            i = toneEnd + 1;
                        }
                    }
                    colon = s.indexOf(':', i);
                    continue;
                }
            }
            colon = s.indexOf(':', colon + 1);
        }
        sb.append(s, i, s.length());
        return sb.toString();
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '+' || c == '-';
    }

    private static boolean hasTwo(CharSequence s, int from, char c) {
        int seen = 0;
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == c && ++seen == 2) {
                return true;
            }
        }
        return false;
    }
}
