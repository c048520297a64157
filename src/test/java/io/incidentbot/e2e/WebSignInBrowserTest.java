package io.incidentbot.e2e;

import io.incidentbot.config.SignInConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.WebPagesBrowserTest.assumeChromium;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Sign in with Slack" in a real browser (Debian's headless Chromium, as in {@link WebPagesBrowserTest}):
 * the sign-in page, the bot's redirect to Slack, Slack's redirect back, the incident list as the member
 * sees it, and signing out. slack.com never answers (Chromium resolves it nowhere), so the test reads
 * the authorize address the browser was sent to, approves it on the fake Slack, and opens the callback
 * address in the browser the way Slack's redirect would: the state cookie the bot set is the browser's own.
 * Skipped only where Chromium is not installed.
 */
class WebSignInBrowserTest {
    private static final String MEMBER = "U0ALICE";
    private static final String MEMBER_NAME = "Alice Example";
    private static final String PUBLIC_TITLE = "Checkout slow";
    private static final String SHARED_SECRET = "Credential leak in CI logs";
    private static final String OTHER_SECRET = "Payroll export failing";
    private static final String AUTHORIZE = "https://slack.com/openid/connect/authorize";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    RunningBot bot;
    SlackSignInFake slack;
    WebDriver browser;
    Path profile;

    @BeforeEach
    void start() throws Exception {
        assumeChromium();
        // an http address: the bot's cookies then go without Secure, as the browser reaches it over http
        bot = RunningBot.withSignIn(dir, null,
                new SignInConfig(SlackSignInFake.CLIENT_ID, SlackSignInFake.CLIENT_SECRET, "http://incidents.example.test"));
        slack = new SlackSignInFake(bot.fake);
        bot.openIncident("U0BOB", PUBLIC_TITLE);                                      // INC-1
        String shared = bot.openIncident(MEMBER, "--private " + SHARED_SECRET);       // INC-2: Alice is in
        slack.setMembers(shared, MEMBER, "U0BOT");
        String other = bot.openIncident("U0BOB", "--private " + OTHER_SECRET);        // INC-3: she is not
        slack.setMembers(other, "U0BOB", "U0BOT");

        profile = Files.createTempDirectory("incidentbot-chromium-");
        // slack.com resolves nowhere: the authorize page is never fetched, whatever the network
        browser = WebPagesBrowserTest.launchChromium(profile,
                "--host-resolver-rules=MAP slack.com ~NOTFOUND, MAP *.slack.com ~NOTFOUND");
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (bot != null) {
            bot.close();
        }
        WebPagesBrowserTest.deleteProfile(profile);
    }

    private void open(String path) {
        browser.get(bot.baseUrl() + path);
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    @Test
    void signInWithSlackShowsTheMembersIncidentsAndSignsOut() {
        // without a session: the sign-in page, a plain page with a button and nothing that runs
        open("/");
        assertEquals("Sign in · incident-bot", browser.getTitle());
        assertEquals("Sign in to read incidents", browser.findElement(By.tagName("h1")).getText());
        WebElement button = browser.findElement(By.linkText("Sign in with Slack"));
        assertTrue(button.isDisplayed(), "the button is visible");
        assertTrue(button.getSize().getHeight() > 20 && button.getSize().getWidth() > 100, "a button: " + button.getSize());
        String href = button.getAttribute("href");
        assertEquals(bot.baseUrl() + "/auth/slack?next=" + URLEncoder.encode("/", StandardCharsets.UTF_8), href);
        assertFalse(browser.getPageSource().contains("?token="), "no token instructions without a token");
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "an alert is open");
        assertEquals(0L, js("return document.scripts.length"), "the sign-in page has no script");
        assertEquals(0L, js("return document.querySelectorAll('img,svg,iframe,object,embed,form,[onerror],[onload],"
                + "[onclick],a[href^=\"javascript\" i]').length"));
        assertNull(browser.manage().getCookieNamed("incidentbot_session"));
        WebPagesBrowserTest.screenshot(browser, "sign-in");

        // the button: the bot sets its state cookie and sends the browser on to Slack's authorize page
        button.click();
        new WebDriverWait(browser, WAIT).until(d -> d.getCurrentUrl().startsWith(AUTHORIZE + "?"));
        String authorizeUrl = browser.getCurrentUrl();
        Map<String, String> asked = FakeSlack.parseForm(URI.create(authorizeUrl).getRawQuery());
        assertEquals(SlackSignInFake.CLIENT_ID, asked.get("client_id"));
        assertEquals(FakeSlack.TEAM_ID, asked.get("team"), "the bot's own workspace");
        assertEquals("http://incidents.example.test/auth/slack/callback", asked.get("redirect_uri"));
        String state = asked.get("state");
        assertNotNull(state);
        assertNull(browser.manage().getCookieNamed("incidentbot_session"), "not signed in yet");

        // Alice approves on Slack, which sends the browser back to the callback with a code and the state
        String code = slack.authorize(authorizeUrl, MEMBER, FakeSlack.TEAM_ID, MEMBER_NAME);
        open("/auth/slack/callback?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        new WebDriverWait(browser, WAIT).until(d -> d.getCurrentUrl().equals(bot.baseUrl() + "/"));
        assertEquals("Incidents · incident-bot", browser.getTitle(), browser.getPageSource());
        assertNotNull(browser.manage().getCookieNamed("incidentbot_session"), "a session");
        WebElement account = browser.findElement(By.cssSelector(".top .account"));
        assertTrue(account.isDisplayed() && account.getText().contains("Signed in as " + MEMBER_NAME), account.getText());

        // the list as Alice sees it: the public incident and the private one whose channel she is in
        List<String> rows = browser.findElements(By.cssSelector("tr.incident")).stream().map(WebElement::getText).toList();
        assertEquals(2, rows.size(), () -> String.join("\n", rows));
        String list = String.join("\n", rows);
        assertTrue(list.contains(PUBLIC_TITLE) && list.contains(SHARED_SECRET), list);
        assertFalse(browser.getPageSource().contains(OTHER_SECRET), "a private incident of another channel is hidden");
        assertEquals(1, browser.findElements(By.cssSelector("tr.incident .badge.private")).size(), "marked private");
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "an alert is open");
        WebPagesBrowserTest.screenshot(browser, "signed-in-list");

        // a state works once: the same callback again is refused, and Alice stays signed in
        open("/auth/slack/callback?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        assertEquals("This sign-in link has expired · incident-bot", browser.getTitle());
        open("/");
        assertEquals("Incidents · incident-bot", browser.getTitle());

        // signing out: the link in the top bar ends the session, and the list asks to sign in again
        browser.findElement(By.linkText("Sign out")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.getCurrentUrl().endsWith("/auth/signout"));
        assertEquals("Signed out · incident-bot", browser.getTitle());
        assertEquals("Signed out", browser.findElement(By.tagName("h1")).getText());
        assertNull(browser.manage().getCookieNamed("incidentbot_session"), "the session cookie is gone");
        assertTrue(browser.findElement(By.linkText("Sign in with Slack again")).isDisplayed());
        open("/");
        assertEquals("Sign in · incident-bot", browser.getTitle());
        assertFalse(browser.getPageSource().contains(SHARED_SECRET) || browser.getPageSource().contains(PUBLIC_TITLE));
        assertTrue(browser.findElement(By.linkText("Sign in with Slack")).isDisplayed());
    }
}
