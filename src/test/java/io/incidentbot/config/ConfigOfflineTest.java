package io.incidentbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings offline commands read without a Slack token: DATABASE_URL and PIN_REACTION. */
class ConfigOfflineTest {

    @TempDir
    Path dir;

    @Test
    void defaultsWithoutAnySlackSetting() {
        assertEquals("jdbc:sqlite:incidents.db", Config.databaseUrl(Map.of(), dir.resolve(".env")));
        assertEquals("pushpin", Config.pinReaction(Map.of(), null));
    }

    @Test
    void readsDotEnvAndTheEnvironmentWins() throws Exception {
        Path dotEnv = Files.writeString(dir.resolve(".env"),
                "DATABASE_URL=\"jdbc:sqlite:from-file.db\"\nPIN_REACTION=:round_pushpin:\n");
        assertEquals("jdbc:sqlite:from-file.db", Config.databaseUrl(Map.of(), dotEnv));
        assertEquals("round_pushpin", Config.pinReaction(Map.of(), dotEnv));
        assertEquals("jdbc:sqlite:env.db", Config.databaseUrl(Map.of("DATABASE_URL", "jdbc:sqlite:env.db"), dotEnv));
        assertEquals("jdbc:sqlite:from-file.db", Config.databaseUrl(Map.of("DATABASE_URL", "  "), dotEnv));
    }

    @Test
    void refusesWhatTheBotRefuses() {
        var e = assertThrows(Config.ConfigException.class,
                () -> Config.databaseUrl(Map.of("DATABASE_URL", "jdbc:mysql://u:secret@db/x"), null));
        assertTrue(e.getMessage().startsWith("DATABASE_URL must be a jdbc:sqlite: URL"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }
}
