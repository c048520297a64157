package io.incidentbot.config;

import org.junit.jupiter.api.Test;

import static io.incidentbot.config.ConfigEnv.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and WEB_BASE_URL: all or nothing, each problem in one line. */
class SignInConfigTest {

    @Test
    void offUnlessConfigured() {
        Config config = Config.fromMap(env());
        assertNull(config.signIn());
        assertFalse(config.webPagesEnabled());
    }

    @Test
    void allThreeTurnItAndThePagesOn() {
        Config config = Config.fromMap(env("SLACK_CLIENT_ID", "123.456", "SLACK_CLIENT_SECRET", "s3cr3t",
                "WEB_BASE_URL", "https://incidents.example.com/"));
        SignInConfig signIn = config.signIn();
        assertEquals("https://incidents.example.com/auth/slack/callback", signIn.redirectUri());
        assertTrue(signIn.httpsOnly());
        assertTrue(config.webPagesEnabled());
        assertFalse(config.toString().contains("s3cr3t"), config.toString());
        assertFalse(signIn.toString().contains("s3cr3t"));
    }

    @Test
    void halfConfiguredIsRefusedSayingWhatIsMissing() {
        var noSecret = assertThrows(Config.ConfigException.class, () -> Config.fromMap(env("SLACK_CLIENT_ID", "123.456",
                "WEB_BASE_URL", "https://incidents.example.com")));
        assertTrue(noSecret.getMessage().contains("SLACK_CLIENT_SECRET is not set"), noSecret.getMessage());
        var noBase = assertThrows(Config.ConfigException.class, () -> Config.fromMap(env("SLACK_CLIENT_ID", "123.456",
                "SLACK_CLIENT_SECRET", "s3cr3t")));
        assertTrue(noBase.getMessage().contains("WEB_BASE_URL"), noBase.getMessage());
        for (String bad : new String[]{"incidents.example.com", "ftp://x.example", "https://x.example/?a=b", "https://"}) {
            var e = assertThrows(Config.ConfigException.class, () -> Config.fromMap(env("SLACK_CLIENT_ID", "1",
                    "SLACK_CLIENT_SECRET", "2", "WEB_BASE_URL", bad)), bad);
            assertTrue(e.getMessage().startsWith("WEB_BASE_URL must be"), e.getMessage());
        }
    }
}
