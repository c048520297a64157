package io.incidentbot.outbox;

/**
 * A durable job: a record of one lane family's sealed job type (e.g. {@link SlackJob}). Its fields
 * are stored as JSON and read back into the same record when the job runs, so they hold ids and
 * text, never live objects.
 */
public interface OutboxJob {
    /**
     * The lane the job runs in: its family ({@code slack}), or the family and a key
     * ({@code webhook:https://…}) when one family has independent lanes.
     */
    String lane();

    /**
     * A lane's name as shown to anyone who can read {@code /health}: a key that is a URL shows only
     * its scheme and host and a short digest of the rest, because a receiver's URL may carry its
     * secret (a Slack incoming webhook's path is one).
     */
    static String shown(String lane) {
        int colon = lane.indexOf(':');
        if (colon < 0) {
            return lane;
        }
        String key = lane.substring(colon + 1);
        try {
            java.net.URI uri = java.net.URI.create(key);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return lane;
            }
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return lane.substring(0, colon + 1) + uri.getScheme() + "://" + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…#" + java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (IllegalArgumentException | java.security.NoSuchAlgorithmException notAUrl) {
            return lane;
        }
    }

    /** The family of a lane: the part before its first {@code ':'}. */
    static String family(String lane) {
        int colon = lane.indexOf(':');
        return colon < 0 ? lane : lane.substring(0, colon);
    }
}
