package io.incidentbot.slack.inbound;

import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.request.builtin.EventRequest;
import io.incidentbot.slackapi.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class EventCallbackRequestTest {
    private static final RequestHeaders RETRY = new RequestHeaders(Map.of(
            "X-Slack-Retry-Num", List.of("2"), "X-Slack-Retry-Reason", List.of("http_timeout")));
    private static final RequestHeaders NONE = new RequestHeaders(Map.of());

    @AfterEach
    void forget() {
        Json.forgetParsed();
    }

    /** The context Bolt's own EventRequest would build, field by field, for bodies both can read. */
    @Test
    void fillsTheContextAsBoltsEventRequestDoes() {
        String[] bodies = {
                // a message, with the installation in authorizations (shared channel: the envelope names another team)
                """
                {"type":"event_callback","team_id":"TOTHER","enterprise_id":"EOTHER","api_app_id":"A1","event_id":"Ev1",
                 "authorizations":[{"enterprise_id":"E1","team_id":"T1","user_id":"UBOT","is_bot":true}],
                 "event":{"type":"message","channel":"C1","user":"U1","text":"hi","ts":"1.000001",
                   "blocks":[{"type":"rich_text","elements":[]}]}}""",
                // no authorizations: the envelope's team
                """
                {"type":"event_callback","team_id":"T1","event":{"type":"reaction_added","user":"U2",
                 "item":{"type":"message","channel":"C1","ts":"1.000001"},"reaction":"pushpin"}}""",
                // an edit: the user is in the edited message
                """
                {"type":"event_callback","team_id":"T1","authorizations":[{"team_id":"T1","enterprise_id":null}],
                 "event":{"type":"message","subtype":"message_changed","channel":"C1",
                   "message":{"user":"U3","text":"fixed","ts":"1.000001"}}}""",
                // a delete: the user is in the previous message
                """
                {"type":"event_callback","team_id":"T1","event":{"type":"message","subtype":"message_deleted",
                 "channel":"C1","deleted_ts":"1.000001","previous_message":{"user":"U4","text":"x"}}}""",
                // a channel event keyed by channel_id, user as an object
                """
                {"type":"event_callback","team_id":"T1","event":{"type":"pin_added","channel_id":"C2","user":{"id":"U5"}}}""",
        };
        for (String body : bodies) {
            for (RequestHeaders headers : List.of(RETRY, NONE)) {
                EventCallbackRequest ours = EventCallbackRequest.of(body, headers);
                EventRequest bolts = new EventRequest(body, headers);
                assertNotNull(ours, body);
                assertEquals(RequestType.Event, ours.getRequestType());
                assertSame(body, ours.getRequestBodyAsString());
                assertEquals(bolts.getContext().getTeamId(), ours.getContext().getTeamId(), body);
                assertEquals(bolts.getContext().getEnterpriseId(), ours.getContext().getEnterpriseId(), body);
                assertEquals(bolts.getContext().getRequestUserId(), ours.getContext().getRequestUserId(), body);
                assertEquals(bolts.getContext().getChannelId(), ours.getContext().getChannelId(), body);
                assertEquals(bolts.getContext().getRetryNum(), ours.getContext().getRetryNum(), body);
                assertEquals(bolts.getContext().getRetryReason(), ours.getContext().getRetryReason(), body);
                Json.forgetParsed();
            }
        }
    }

    @Test
    void theSharedTreeHasEverythingButBlockKit() {
        String body = """
                {"type":"event_callback","team_id":"T1","event_id":"Ev9","event":{"type":"message","channel":"C1",
                 "text":"db is down","ts":"1.000001","blocks":[{"type":"rich_text"}]}}""";
        assertNotNull(EventCallbackRequest.of(body, NONE));
        var tree = Json.parseObject(body); // what the gate and the router read: no second parse
        assertEquals("Ev9", Json.str(tree, "event_id"));
        assertEquals("db is down", Json.str(Json.obj(tree, "event"), "text"));
        assertFalse(Json.obj(tree, "event").has("blocks"));
    }

    @Test
    void anythingElseIsLeftToBoltsParser() {
        for (String body : new String[]{
                null, "", "token=x&command=%2Fincident&text=open", "payload=%7B%22type%22%3A%22block_actions%22%7D",
                "{\"type\":\"url_verification\",\"challenge\":\"c\"}", "{\"type\":\"event_callback\"}",
                "{\"type\":\"event_callback\",\"event\":{}}", "{\"type\":\"event_callback\",\"event\":\"x\"}",
                "{\"type\":\"event_callback\",\"event\":{\"type\":\"workflow_step_execute\"}}",
                "{\"type\":\"event_callback\",\"event\":{\"type\":\"message\"", "[{\"type\":\"event_callback\"}]"}) {
            assertNull(EventCallbackRequest.of(body, NONE), body);
            Json.forgetParsed();
        }
    }

    @Test
    void otherJsonBodiesKeepTheirBlockKitForLaterReaders() {
        String interaction = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"message\":{\"blocks\":[{\"type\":\"section\"}]}}";
        assertNull(EventCallbackRequest.of(interaction, NONE));
        assertEquals(1, Json.arr(Json.obj(Json.parseObject(interaction), "message"), "blocks").size());
    }

    @Test
    void oddFieldTypesReadAsAbsentInsteadOfFailing() {
        String body = """
                {"type":"event_callback","team_id":"T1","authorizations":[null],"event":{"type":"message",
                 "channel":{"id":"C1"},"user":["U1"],"ts":"1.000001"}}""";
        EventCallbackRequest request = EventCallbackRequest.of(body, new RequestHeaders(Map.of(
                "X-Slack-Retry-Num", List.of("many"))));
        assertNotNull(request);
        assertEquals("T1", request.getContext().getTeamId());
        assertNull(request.getContext().getChannelId());
        assertNull(request.getContext().getRequestUserId());
        assertNull(request.getContext().getRetryNum());
    }
}
