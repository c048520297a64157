package io.incidentbot.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static io.incidentbot.e2e.WebScenario.IMG;
import static io.incidentbot.e2e.WebScenario.MARKDOWN_JS_LINK;
import static io.incidentbot.e2e.WebScenario.SCRIPT;
import static io.incidentbot.e2e.WebScenario.TITLE_IMG;
import static io.incidentbot.e2e.WebScenario.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pages in a real browser: Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver (never a downloaded browser or driver). Skipped only where Chromium is not installed.
 */
class WebPagesBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static RunningBot bot;
    static WebDriver browser;
    static Path profile;

    static boolean chromiumInstalled() {
        return Files.isExecutable(CHROMIUM);
    }

    /** Reported per test (a class-level abort would vanish from the report): skipped, with the reason. */
    @BeforeEach
    void needsChromium() {
        assumeChromium();
    }

    /** Skips the calling test, saying why, where Chromium is not installed. */
    static void assumeChromium() {
        assumeTrue(chromiumInstalled(), "Chromium is not installed at " + CHROMIUM
                + " (apt-get install -y chromium chromium-driver); skipping the browser test");
    }

    @BeforeAll
    static void start() throws Exception {
        if (!chromiumInstalled()) {
            return;
        }
        bot = new RunningBot(dir, RunningBot.ANNOUNCE_CHANNEL, TOKEN);
        WebScenario scenario = new WebScenario(bot);
        scenario.ordersIncident();              // INC-1
        scenario.hostileIncident(true);         // INC-2, resolved: a stored draft full of payloads

        profile = Files.createTempDirectory("incidentbot-chromium-");
        browser = launchChromium(profile);
    }

    /**
     * Debian's headless Chromium through Debian's chromedriver, with its profile in {@code profile};
     * {@code extraArgs} are further command-line switches.
     */
    static WebDriver launchChromium(Path profile, String... extraArgs) {
        assertTrue(Files.isExecutable(CHROMEDRIVER), "Chromium is installed but " + CHROMEDRIVER
                + " is missing: apt-get install -y chromium-driver");
        // Selenium Manager must not go looking for (or download) a browser or driver
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,900");
        options.addArguments(extraArgs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver chromium = new ChromeDriver(service, options);
        chromium.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return chromium;
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (bot != null) {
            bot.close();
        }
        deleteProfile(profile);
    }

    /** Removes a browser profile made for a test (null: nothing to remove). */
    static void deleteProfile(Path profile) throws IOException {
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static void shot(String name) {
        screenshot(browser, name);
    }

    /** Saves what {@code browser} shows as a test artifact, target/screenshots/NAME.png. */
    static void screenshot(WebDriver browser, String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(dir.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void open(String path) {
        browser.get(bot.baseUrl() + path);
    }

    private static void assertNoScriptRan(String expectedTitle) {
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "an alert is open");
        assertEquals(expectedTitle, browser.getTitle());
        Object pwned = ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('img,svg,iframe,object,embed,[onerror],[onload],a[href^=\"javascript\" i]').length");
        assertEquals(0L, pwned, "markup from a message reached the DOM");
    }

    private static List<WebElement> visibleEntries() {
        return browser.findElements(By.cssSelector("li.entry")).stream().filter(WebElement::isDisplayed).toList();
    }

    @Test
    void signInListTimelineSearchAndPostmortemWithoutRunningAnyPayload() {
        // signing in with the token link leaves a cookie and an address without the token
        open("/");
        assertTrue(browser.getPageSource().contains("Sign in to read incidents"));
        open("/?token=" + TOKEN);
        assertEquals(bot.baseUrl() + "/", browser.getCurrentUrl());
        assertEquals("Incidents · incident-bot", browser.getTitle());

        List<WebElement> rows = browser.findElements(By.cssSelector("tr.incident"));
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).getText().contains(TITLE_IMG + " Checkout " + SCRIPT), rows.get(0).getText());
        assertTrue(rows.get(0).getText().contains(IMG), "the lead's name is shown as text");
        assertNoScriptRan("Incidents · incident-bot");
        shot("scenario-incidents");

        // the filter form works without any script
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("status"))).selectByValue("resolved");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.getCurrentUrl().contains("status=resolved"));
        assertEquals(1, browser.findElements(By.cssSelector("tr.incident")).size());
        open("/");

        // follow the link to INC-1
        browser.findElement(By.linkText("INC-1")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.getCurrentUrl().endsWith("/incidents/1"));
        assertEquals("INC-1 · Orders API returns 502 · incident-bot", browser.getTitle());
        assertEquals(6, visibleEntries().size());
        shot("scenario-timeline");
        WebElement pinned = browser.findElement(By.cssSelector("li.entry.pinned"));
        assertTrue(pinned.getText().contains("DB CPU at 95% & climbing"), pinned.getText());
        assertFalse(pinned.getCssValue("background-color").equals(
                browser.findElement(By.cssSelector("li.entry.message:not(.pinned)")).getCssValue("background-color")),
                "pinned entries are highlighted");
        WebElement reply = browser.findElement(By.cssSelector("li.entry.reply"));
        assertTrue(reply.getLocation().getX() > pinned.getLocation().getX(), "thread replies are indented");

        // typing in the search box filters the entries as you type (the inline script ran under the CSP)
        WebElement search = browser.findElement(By.id("q"));
        search.sendKeys("rolled");
        new WebDriverWait(browser, WAIT).until(d -> visibleEntries().size() == 1);
        assertTrue(visibleEntries().get(0).getText().contains("rolled back deploy 4711"));
        assertEquals("1 of 6 entries shown", browser.findElement(By.id("shown")).getText());
        assertEquals(bot.baseUrl() + "/incidents/1", browser.getCurrentUrl(), "filtering did not reload the page");
        search.clear();
        search.sendKeys("BOB");
        new WebDriverWait(browser, WAIT).until(d -> visibleEntries().size() == 2);
        search.clear();
        search.sendKeys("nothing matches this");
        new WebDriverWait(browser, WAIT).until(d -> visibleEntries().isEmpty());
        assertFalse(browser.findElement(By.cssSelector("section.day")).isDisplayed(), "an empty day is hidden");

        // the postmortem page of INC-1 (a live draft: not resolved yet)
        browser.findElement(By.linkText("Postmortem")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.getCurrentUrl().endsWith("/incidents/1/postmortem"));
        assertTrue(browser.findElement(By.cssSelector("article.md h1")).getText().contains("Incident: Orders API returns 502"));
        assertTrue(browser.findElement(By.cssSelector(".note")).getText().contains("No draft is stored yet"));
        assertEquals(1, browser.findElements(By.cssSelector("article.md table")).size());
        shot("scenario-postmortem");

        // INC-2: every payload is text on the timeline and in the stored draft, and none ran
        String title2 = "INC-2 · " + TITLE_IMG + " Checkout " + SCRIPT + " · incident-bot";
        open("/incidents/2");
        assertNoScriptRan(title2);
        String timeline = browser.findElement(By.tagName("main")).getText();
        shot("timeline-hostile-input");
        for (String payload : List.of(SCRIPT, IMG, "<script>alert(2)</script>", "[click](javascript:alert(1))",
                MARKDOWN_JS_LINK, "<svg onload=alert(4)>")) {
            assertTrue(timeline.contains(payload), () -> "timeline lacks " + payload + ":\n" + timeline);
        }
        WebElement search2 = browser.findElement(By.id("q"));
        search2.sendKeys("<script>");
        // two messages and the bot whose name is a script tag
        new WebDriverWait(browser, WAIT).until(d -> visibleEntries().size() == 3);
        visibleEntries().forEach(e -> assertTrue(e.getText().contains("<script>"), e.getText()));
        assertNoScriptRan(title2);

        open("/incidents/2/postmortem");
        assertNoScriptRan("INC-2 postmortem · incident-bot");
        String draft = browser.findElement(By.cssSelector("article.md")).getText();
        assertTrue(draft.contains("Incident: " + TITLE_IMG + " Checkout " + SCRIPT), draft);
        for (String payload : List.of(SCRIPT, IMG, "<script>alert(2)</script>", "<svg onload=alert(4)>")) {
            assertTrue(draft.contains(payload), () -> "draft lacks " + payload + ":\n" + draft);
        }
        Object jsLinks = ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.links).filter(a => a.protocol !== 'http:' && a.protocol !== 'https:'"
                        + " && a.protocol !== 'mailto:').map(a => a.href).filter(h => !h.startsWith(location.origin))");
        assertEquals(List.of(), jsLinks, "links that are not http(s)");
    }

    @Test
    void insightsDrawTheirChartsWithoutAnyScript() {
        open("/?token=" + TOKEN);
        open("/insights");
        assertEquals("Insights · incident-bot", browser.getTitle());
        List<WebElement> charts = browser.findElements(By.cssSelector("svg.chart"));
        assertEquals(5, charts.size(), "TTD, TTM, TTR, severity per month, action items by owner");
        for (WebElement chart : charts) {
            assertTrue(chart.isDisplayed() && chart.getSize().getWidth() > 300, "a chart is drawn: " + chart.getSize());
        }
        assertEquals(2, browser.findElements(By.cssSelector("#ttd circle.dot")).size(), "one dot per incident");
        assertEquals(0L, ((JavascriptExecutor) browser).executeScript("return document.scripts.length"));
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "an alert is open");
        Object foreign = ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('img,iframe,object,embed,[onerror],[onload],a[href^=\"javascript\" i]').length");
        assertEquals(0L, foreign, "markup from a title reached the DOM");
        String latest = browser.findElement(By.id("latest")).getText();
        assertTrue(latest.contains(TITLE_IMG + " Checkout " + SCRIPT), latest);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2500)); // the whole page
        shot("scenario-insights");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }
}
