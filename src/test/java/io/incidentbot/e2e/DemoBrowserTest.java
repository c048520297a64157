package io.incidentbot.e2e;

import io.incidentbot.cli.Demo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's pages in headless Chromium, on realistic data (the bundled example incidents): the
 * README's screenshots are taken here (target/screenshots/), and at 390 px — a phone — no page
 * scrolls sideways, the incident list reflows into cards and wide tables scroll inside their own box.
 * Channel names link to the channel in Slack.
 */
class DemoBrowserTest {
    private static final List<String> PAGES = List.of("/", "/incidents/2", "/incidents/2/postmortem", "/insights",
            "/incidents/1");
    static Demo demo;
    static WebDriver browser;
    static Path profile;

    @BeforeEach
    void needsChromium() {
        WebPagesBrowserTest.assumeChromium();
    }

    @BeforeAll
    static void start() throws Exception {
        if (!WebPagesBrowserTest.chromiumInstalled()) {
            return;
        }
        demo = Demo.start(0, Clock.systemUTC());
        profile = Files.createTempDirectory("incidentbot-chromium-");
        browser = WebPagesBrowserTest.launchChromium(profile);
        browser.get(demo.signInLink());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.close();
        }
        WebPagesBrowserTest.deleteProfile(profile);
    }

    private static void open(String path) {
        browser.get("http://127.0.0.1:" + demo.port() + path);
    }

    private static long js(String script) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(script)).longValue();
    }

    @Test
    void screenshotsOfTheExampleIncidentsAtDesktopWidth() {
        browser.manage().window().setSize(new Dimension(1280, 440)); // the list, without a screenful of white
        open("/");
        List<WebElement> rows = browser.findElements(By.cssSelector("tr.incident"));
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).getText().contains("Orders API returns 502 after the v2.41.0 deploy"), rows.get(0).getText());
        assertTrue(rows.get(0).getText().contains("priya"), "the lead by display name: " + rows.get(0).getText());
        WebPagesBrowserTest.screenshot(browser, "incidents");

        browser.manage().window().setSize(new Dimension(1280, 900));
        open("/incidents/2");
        assertTrue(browser.findElement(By.cssSelector("main")).getText().contains("Decision: roll back orders-api"));
        WebPagesBrowserTest.screenshot(browser, "timeline");
        open("/incidents/2/postmortem");
        assertTrue(browser.findElement(By.cssSelector("main")).getText().contains("Similar past incidents"));
        WebPagesBrowserTest.screenshot(browser, "postmortem");
        open("/insights");
        assertTrue(browser.findElements(By.cssSelector("svg.chart")).size() >= 3, "charts drawn");
        WebPagesBrowserTest.screenshot(browser, "insights");
    }

    @Test
    void channelNamesOpenTheChannelInSlack() {
        open("/");
        List<WebElement> links = browser.findElements(By.cssSelector("td.channel a"));
        assertEquals(2, links.size());
        assertEquals("#inc-orders-api-502", links.get(0).getText());
        assertEquals("https://slack.com/app_redirect?channel=C07N4XK2P9R", links.get(0).getAttribute("href"));
        open("/incidents/1");
        WebElement channel = browser.findElement(By.cssSelector(".facts a.channel"));
        assertEquals("#inc-checkout-db-connections", channel.getText());
        assertEquals("https://slack.com/app_redirect?channel=C06P3M8V1QZ", channel.getAttribute("href"));
    }

    @Test
    void usableOnA390PixelPhone() {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            assertEquals(390, js("return window.innerWidth"), "the viewport is a phone's");
            for (String page : PAGES) {
                open(page);
                long viewport = js("return document.documentElement.clientWidth");
                assertTrue(js("return document.documentElement.scrollWidth") <= viewport,
                        page + " scrolls sideways: " + js("return document.documentElement.scrollWidth") + " > " + viewport);
                // anything wider than the screen sits in a box that scrolls by itself
                long outside = js("""
                        var w = document.documentElement.clientWidth, n = 0;
                        document.querySelectorAll('main *').forEach(function (e) {
                          var r = e.getBoundingClientRect();
                          if (r.width > 0 && r.right > w + 1 && !e.closest('.scroll, .md pre, .md table')) { n++; }
                        });
                        return n;""");
                assertEquals(0, outside, page + ": elements reach past the screen outside a scrolling box");
            }
            open("/");
            for (WebElement row : browser.findElements(By.cssSelector("tr.incident"))) {
                for (WebElement cell : row.findElements(By.cssSelector("td"))) {
                    assertTrue(cell.getRect().getX() + cell.getRect().getWidth() <= 390,
                            "every cell of the list is on screen (the rows reflow): " + cell.getText());
                }
                for (WebElement cell : row.findElements(By.cssSelector("td[data-label]"))) {
                    Object label = ((JavascriptExecutor) browser).executeScript(
                            "return getComputedStyle(arguments[0], '::before').content", cell);
                    assertEquals("\"" + cell.getAttribute("data-label") + ": \"", label,
                            "a reflowed cell says what it is: " + cell.getText());
                }
            }
            assertEquals("none", browser.findElement(By.cssSelector("table.incidents thead")).getCssValue("display"),
                    "the header row gives way to the cells' own labels");
            WebPagesBrowserTest.screenshot(browser, "incidents-phone");
            open("/incidents/2");
            WebPagesBrowserTest.screenshot(browser, "timeline-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }
}
