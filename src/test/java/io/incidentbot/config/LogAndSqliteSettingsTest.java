package io.incidentbot.config;

import io.incidentbot.config.Config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LOG_LEVEL and SQLITE_* go through the one reader: .env like the environment, the environment winning, one-line errors. */
class LogAndSqliteSettingsTest {
    @TempDir
    Path dir;

    private Path dotEnv(String content) throws Exception {
        Path p = dir.resolve(".env");
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void logLevelComesFromDotEnvAndTheEnvironmentWins() throws Exception {
        Path file = dotEnv("LOG_LEVEL=debug\n");
        assertEquals("DEBUG", Config.logLevel(Map.of(), file));
        assertEquals("WARN", Config.logLevel(Map.of("LOG_LEVEL", "Warn"), file));
        assertEquals("DEBUG", Config.logLevel(Map.of("LOG_LEVEL", " "), file), "blank in the environment: .env's");
        assertNull(Config.logLevel(Map.of(), dir.resolve("missing.env")));
        assertEquals("DEBUG", Config.load(ConfigEnv.env(), file).logLevel(), "load reads it as well");
        assertNull(Config.load(ConfigEnv.env(), null).logLevel());
    }

    @Test
    void aBadLogLevelIsOneLineNamingTheAllowedValues() throws Exception {
        Path file = dotEnv("LOG_LEVEL=loud\n");
        var e = assertThrows(ConfigException.class, () -> Config.logLevel(Map.of(), file));
        assertEquals("LOG_LEVEL must be one of trace, debug, info, warn, error, off (got \"loud\", default info for "
                + "the bot, warn for the other commands)", e.getMessage());
        assertThrows(ConfigException.class, () -> Config.load(ConfigEnv.env(), file), "the bot refuses it too");
    }

    @Test
    void sqliteSettingsComeFromDotEnvAndTheEnvironmentWins() throws Exception {
        assertEquals(SqliteSettings.defaults(), Config.sqlite(Map.of(), null));
        assertEquals("NORMAL", SqliteSettings.defaults().synchronous());
        assertTrue(SqliteSettings.defaults().groupCommit());

        Path file = dotEnv("SQLITE_SYNCHRONOUS=full\nSQLITE_GROUP_COMMIT=off\n");
        assertEquals(new SqliteSettings("FULL", false), Config.sqlite(Map.of(), file));
        assertEquals(new SqliteSettings("NORMAL", true),
                Config.sqlite(Map.of("SQLITE_SYNCHRONOUS", "Normal", "SQLITE_GROUP_COMMIT", " ON "), file));
        assertEquals(new SqliteSettings("FULL", false), Config.load(ConfigEnv.env(), file).sqlite());
        assertFalse(Config.sqlite(Map.of("SQLITE_GROUP_COMMIT", "false"), null).groupCommit());
    }

    @Test
    void badSqliteSettingsAreOneLine() {
        var sync = assertThrows(ConfigException.class, () -> Config.sqlite(Map.of("SQLITE_SYNCHRONOUS", "OFF"), null));
        assertEquals("SQLITE_SYNCHRONOUS must be NORMAL or FULL (got \"OFF\", default NORMAL)", sync.getMessage());
        var group = assertThrows(ConfigException.class,
                () -> Config.load(ConfigEnv.env("SQLITE_GROUP_COMMIT", "sometimes"), null));
        assertEquals("SQLITE_GROUP_COMMIT must be on or off (got \"sometimes\", default on)", group.getMessage());
    }
}
