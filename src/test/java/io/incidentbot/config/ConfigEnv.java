package io.incidentbot.config;

import java.util.HashMap;
import java.util.Map;

/** Environments for {@link Config#fromMap} in tests. */
final class ConfigEnv {
    private ConfigEnv() {
    }

    /** The two required variables (a bot token and a signing secret) plus {@code keyValues}: name, value, name, value, … */
    static Map<String, String> env(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put("SLACK_BOT_TOKEN", "xoxb-1234-5678-abcdef");
        m.put("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
