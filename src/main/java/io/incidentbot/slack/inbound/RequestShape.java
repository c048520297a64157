package io.incidentbot.slack.inbound;

import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.AttachmentActionRequest;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.BlockSuggestionRequest;
import com.slack.api.bolt.request.builtin.DialogCancellationRequest;
import com.slack.api.bolt.request.builtin.DialogSubmissionRequest;
import com.slack.api.bolt.request.builtin.DialogSuggestionRequest;
import com.slack.api.bolt.request.builtin.GlobalShortcutRequest;
import com.slack.api.bolt.request.builtin.MessageShortcutRequest;
import com.slack.api.bolt.request.builtin.ViewClosedRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.request.builtin.WorkflowStepEditRequest;
import com.slack.api.bolt.request.builtin.WorkflowStepExecuteRequest;
import com.slack.api.bolt.request.builtin.WorkflowStepSaveRequest;
import com.slack.api.model.view.View;

/**
 * The fields Bolt itself dereferences to route a request (callback ids, action ids, the view):
 * Bolt 1.45 throws on a payload without them, so such a request is answered 400 before it gets there.
 */
final class RequestShape {
    private RequestShape() {
    }

    /** What is missing for Bolt to route this request, or null when it can be routed. */
    static String problem(Request<?> request) {
        if (request instanceof BlockActionRequest r) {
            var actions = r.getPayload() == null ? null : r.getPayload().getActions();
            if (actions == null || actions.isEmpty() || actions.stream().anyMatch(a -> a == null || a.getActionId() == null)) {
                return "block_actions without actions and their action_id";
            }
            return null;
        }
        if (request instanceof ViewSubmissionRequest r) {
            return r.getPayload() == null ? "no payload" : viewProblem(r.getPayload().getView());
        }
        if (request instanceof ViewClosedRequest r) {
            return r.getPayload() == null ? "no payload" : viewProblem(r.getPayload().getView());
        }
        if (request instanceof WorkflowStepSaveRequest r) {
            return r.getPayload() == null ? "no payload" : viewProblem(r.getPayload().getView());
        }
        String callbackId;
        if (request instanceof MessageShortcutRequest r) {
            callbackId = r.getPayload() == null ? null : r.getPayload().getCallbackId();
        } else if (request instanceof GlobalShortcutRequest r) {
            callbackId = r.getPayload() == null ? null : r.getPayload().getCallbackId();
        } else if (request instanceof AttachmentActionRequest r) {
            callbackId = r.getPayload() == null ? null : r.getPayload().getCallbackId();
        } else if (request instanceof DialogSubmissionRequest r) {
            callbackId = r.getPayload() == null ? null : r.getPayload().getCallbackId();
        } else if (request instanceof DialogCancellationRequest r) {
            callbackId = r.getPayload() == null ? null : r.getPayload().getCallbackId();
        } else if (request instanceof DialogSuggestionRequest r) {
            callbackId = r.getPayload() == null ? null : r.getPayload().getCallbackId();
        } else if (request instanceof WorkflowStepEditRequest r) {
            callbackId = r.getPayload() == null ? null : r.getPayload().getCallbackId();
        } else if (request instanceof WorkflowStepExecuteRequest r) {
            callbackId = r.getContext() == null ? null : r.getContext().getCallbackId();
        } else if (request instanceof BlockSuggestionRequest r) {
            callbackId = r.getPayload() == null ? null : r.getPayload().getActionId();
        } else {
            return null;
        }
        return callbackId == null ? request.getRequestType() + " without its callback or action id" : null;
    }

    private static String viewProblem(View view) {
        return view == null || view.getCallbackId() == null ? "a view payload without view.callback_id" : null;
    }
}
