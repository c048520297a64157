package io.incidentbot.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackTextTest {

    private static final Map<String, String> PEOPLE = Map.of("U123", "alice", "U456", "bob");
    private static final UserNames NAMES = id -> PEOPLE.getOrDefault(id, id);

    private static String md(String mrkdwn) {
        return SlackText.toMarkdown(mrkdwn, NAMES);
    }

    @Test
    void nullAndEmptyBecomeEmpty() {
        assertEquals("", SlackText.toMarkdown(null, NAMES));
        assertEquals("", md(""));
        assertEquals(List.of(), SlackText.links(null));
        assertEquals(List.of(), SlackText.links(""));
    }

    @Test
    void plainTextIsUnchanged() {
        assertEquals("rolling back deploy 42 now", md("rolling back deploy 42 now"));
        // Slack's *bold* is Markdown's **bold**; _italic_ is the same in both.
        assertEquals("**bold** _italic_ `code`", md("*bold* _italic_ `code`"));
    }

    @Test
    void slackTextAsPeopleReadIt() {
        assertEquals("Rollback finished: **orders-api** live ✅ 🎉", md("Rollback finished: *orders-api* live :white_check_mark: :tada:"));
        assertEquals("~~wrong~~ right 👍", md("~wrong~ right :+1::skin-tone-3:"));
        assertEquals("custom :partyparrot: stays, :not a code: too", md("custom :partyparrot: stays, :not a code: too"));
        assertEquals("12:30 and 5*3*2 and a_b_c are not formatting", md("12:30 and 5*3*2 and a_b_c are not formatting"));
        assertEquals("@here the page", md("<!here> the page"));
    }

    @Test
    void codeIsKeptLiteral() {
        assertEquals("see `<https://x.io|x> *not bold* :tada:` and **this**",
                md("see `&lt;https://x.io|x&gt; *not bold* :tada:` and *this*"));
        assertEquals("```\nkubectl get pods -l app=*orders*\n```", md("```\nkubectl get pods -l app=*orders*\n```"));
        assertEquals("a link https://x.io/a*b*c stays", md("a link <https://x.io/a*b*c> stays"));
    }

    @Test
    void userMentionUsesDisplayName() {
        assertEquals("@alice can you look?", md("<@U123> can you look?"));
        assertEquals("ping @alice and @bob", md("ping <@U123> and <@U456>"));
    }

    @Test
    void userMentionWithLabelPrefersDisplayName() {
        assertEquals("@alice", md("<@U123|someone-else>"));
    }

    @Test
    void unknownUserFallsBackToLabelThenId() {
        assertEquals("@carol", md("<@U999|carol>"));
        assertEquals("@carol", md("<@U999|@carol>"));
        assertEquals("@U999", md("<@U999>"));
    }

    @Test
    void displayNameWithLeadingAtIsNotDoubled() {
        assertEquals("@dave", SlackText.toMarkdown("<@U1>", id -> "@dave"));
    }

    @Test
    void channelMentions() {
        assertEquals("see #general", md("see <#C123|general>"));
        assertEquals("see #C123", md("see <#C123>"));
        assertEquals("#C123", md("<#C123|>"));
    }

    @Test
    void specialMentions() {
        assertEquals("@here status?", md("<!here> status?"));
        assertEquals("@channel", md("<!channel>"));
        assertEquals("@everyone", md("<!everyone>"));
        assertEquals("@here", md("<!here|here>"));
    }

    @Test
    void userGroupMentions() {
        assertEquals("paging @oncall", md("paging <!subteam^S1|@oncall>"));
        assertEquals("@oncall", md("<!subteam^S1|oncall>"));
        assertEquals("@S1", md("<!subteam^S1>"));
    }

    @Test
    void dateUsesFallbackText() {
        assertEquals("since Feb 18, 2014", md("since <!date^1392734382^{date}|Feb 18, 2014>"));
        assertEquals("Feb 18", md("<!date^1392734382^{date_short}^https://x.io|Feb 18>"));
    }

    @Test
    void dateWithoutFallbackIsFormattedInUtc() {
        assertEquals("2014-02-18 14:39 UTC", md("<!date^1392734382^{date}>"));
    }

    @Test
    void linksWithAndWithoutLabels() {
        assertEquals("[label](https://x.io/a)", md("<https://x.io/a|label>"));
        assertEquals("https://x.io/a", md("<https://x.io/a>"));
        assertEquals("see [the dashboard](http://grafana.local/d/1) now", md("see <http://grafana.local/d/1|the dashboard> now"));
    }

    @Test
    void linkWhoseLabelIsTheUrlStaysBare() {
        assertEquals("https://x.io/a", md("<https://x.io/a|https://x.io/a>"));
    }

    @Test
    void linkLabelBracketsAreEscaped() {
        assertEquals("[\\[prod\\] logs](https://x.io)", md("<https://x.io|[prod] logs>"));
    }

    @Test
    void mailtoShowsTheAddress() {
        assertEquals("mail a@b.c", md("mail <mailto:a@b.c|a@b.c>"));
        assertEquals("a@b.c", md("<mailto:a@b.c>"));
    }

    @Test
    void entitiesInLinksAreDecoded() {
        assertEquals("[q](https://x.io/?a=1&b=2)", md("<https://x.io/?a=1&amp;b=2|q>"));
        assertEquals("[a & b](https://x.io)", md("<https://x.io|a &amp; b>"));
    }

    @Test
    void entitiesAreUnescapedAmpLast() {
        assertEquals("a < b > c & d", md("a &lt; b &gt; c &amp; d"));
        assertEquals("&lt;", md("&amp;lt;"));
        assertEquals("&amp;", md("&amp;amp;"));
        assertEquals("<@U123>", md("&lt;@U123&gt;"), "escaped brackets are text, not a mention");
        assertEquals("&foo; & &", md("&foo; &amp; &"));
    }

    @Test
    void strayBracketsAreKeptAsText() {
        assertEquals("a <b", md("a <b"));
        assertEquals("<not a link>", md("<not a link>"));
        assertEquals("x <> y", md("x <> y"));
        assertEquals("<@alice", md("<<@U123>"), "a stray < before a mention");
    }

    @Test
    void unicodePassesThroughUntouched() {
        String emoji = "🔥🚒 fire 👩‍👩‍👧‍👦 family 🏳️‍🌈";
        assertEquals(emoji, md(emoji));
        String rtl = "שלום עולם مرحبا بالعالم";
        assertEquals(rtl, md(rtl));
        String zeroWidth = "a\u200Bb\u200Cc\u200Dd\uFEFFe\u2060f";
        assertEquals(zeroWidth, md(zeroWidth));
        String astral = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎𠜱 \uD83D\uDE00";
        assertEquals(astral, md(astral));
        assertEquals("🔥 @alice 🔥 [🚒](https://x.io/🔥)", md("🔥 <@U123> 🔥 <https://x.io/🔥|🚒>"));
        assertEquals("\u202Eevil\u202C & \u200F", md("\u202Eevil\u202C &amp; \u200F"));
    }

    @Test
    void multiLineTextKeepsNewlines() {
        assertEquals("line one\n@alice line two\n", md("line one\n<@U123> line two\n"));
    }

    @Test
    void mixedMessage() {
        String in = "<!here> <@U123> deployed <https://ci.x.io/b/1|build 1> to <#C9|prod> &amp; CPU &gt; 90%";
        assertEquals("@here @alice deployed [build 1](https://ci.x.io/b/1) to #prod & CPU > 90%", md(in));
    }

    @Test
    void linksAreHttpUrlsInOrderWithoutDuplicates() {
        String in = "<https://b.io/2|two> then <http://a.io/1> then <https://b.io/2> "
                + "<mailto:a@b.c|a@b.c> <@U123> <#C1|x> <!here> https://bare.io/not-linked";
        assertEquals(List.of("https://b.io/2", "http://a.io/1"), SlackText.links(in));
    }

    @Test
    void linksAreUnescaped() {
        assertEquals(List.of("https://x.io/?a=1&b=2"), SlackText.links("<https://x.io/?a=1&amp;b=2|q>"));
    }

    @Test
    void linksAcceptUpperCaseScheme() {
        assertEquals(List.of("HTTPS://X.IO"), SlackText.links("<HTTPS://X.IO>"));
    }

    @Test
    void convertCollectsLinksWhileConverting() {
        List<String> found = new java.util.ArrayList<>();
        StringBuilder out = new StringBuilder();
        SlackText.convert("<https://a.io|a> and <https://b.io>", NAMES, out, found);
        assertEquals("[a](https://a.io) and https://b.io", out.toString());
        assertEquals(List.of("https://a.io", "https://b.io"), found);
    }

    @Test
    void idOnlyResolverFallsBackToLabelOrId() {
        assertEquals("@carol @U1", SlackText.toMarkdown("<@U9|carol> <@U1>", id -> id));
        assertEquals("@U1", SlackText.toMarkdown("<@U1>", UserNames.idsOnly()));
        assertEquals("@carol", SlackText.toMarkdown("<@U9|carol>", null));
    }
}
