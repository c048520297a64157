package io.incidentbot.slackapi;

import io.incidentbot.outbox.Verdict;
import io.incidentbot.slackapi.SlackGateway.SlackError;
import io.incidentbot.slackapi.SlackGateway.SlackRateLimited;
import io.incidentbot.slackapi.SlackGateway.SlackUnavailable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the slack lane judges Slack's answers: wait, retry, retry and tell an operator, or give up. */
class SlackLaneJudgeTest {
    private final SlackLane lane = new SlackLane(null, null);

    @Test
    void aRateLimitIsWaitedOutAsLongAsSlackSays() {
        Verdict v = lane.judge(new SlackRateLimited("chat.postMessage", Duration.ofSeconds(60)));
        assertEquals(Duration.ofSeconds(60), assertInstanceOf(Verdict.WaitFor.class, v).delay());
    }

    @Test
    void slackBeingDownOrHavingTroubleIsRetried() {
        assertInstanceOf(Verdict.Retry.class, lane.judge(new SlackUnavailable("chat.postMessage",
                new IOException("connection refused"))));
        for (String error : new String[]{"internal_error", "fatal_error", "service_unavailable", "ratelimited"}) {
            assertInstanceOf(Verdict.Retry.class, lane.judge(new SlackError("chat.postMessage", error)), error);
        }
    }

    @Test
    void whatOnlyAnOperatorCanFixIsRetriedAndSaysWhatToFix() {
        Verdict scope = lane.judge(new SlackError("files.getUploadURLExternal", "missing_scope", "files:write"));
        Verdict.NeedsOperator o = assertInstanceOf(Verdict.NeedsOperator.class, scope);
        assertTrue(o.reason().contains("`missing_scope`") && o.reason().contains("`files:write`"), o.reason());
        assertTrue(o.fix().contains("`files:write` scope") && o.fix().contains("reinstall"), o.fix());
        for (String error : new String[]{"invalid_auth", "token_revoked", "account_inactive"}) {
            Verdict.NeedsOperator token = assertInstanceOf(Verdict.NeedsOperator.class,
                    lane.judge(new SlackError("chat.postMessage", error)), error);
            assertTrue(token.fix().contains("SLACK_BOT_TOKEN"), token.fix());
        }
    }

    @Test
    void refusalsAreGivenUp() {
        for (String error : new String[]{"channel_not_found", "is_archived", "not_in_channel", "msg_too_long", "HTTP 404"}) {
            assertInstanceOf(Verdict.Refused.class, lane.judge(new SlackError("chat.postMessage", error)), error);
        }
    }

    @Test
    void anythingElseIsLeftToTheOutboxAsUnexpected() {
        assertNull(lane.judge(new IllegalStateException("a bug")));
    }
}
