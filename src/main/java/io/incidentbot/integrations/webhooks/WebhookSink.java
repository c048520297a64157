package io.incidentbot.integrations.webhooks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.EventSink;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.LifecycleEvent;
import io.incidentbot.outbox.Outbox;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The {@link EventSink} on Standard Webhooks: each lifecycle event becomes one delivery per
 * receiver in {@code WEBHOOK_URLS}, queued in the transaction of the change, as
 * {@code {"type", "timestamp", "data": {"incident": {...}, "action_item" | "postmortem": {...}}}}.
 * Private incidents are never sent. Drills do not exist yet, so {@code drill} is always false.
 */
public final class WebhookSink implements EventSink {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private final List<URI> urls;
    private final Outbox outbox;
    private final String webBaseUrl;

    public WebhookSink(List<URI> urls, Outbox outbox, String webBaseUrl) {
        this.urls = List.copyOf(urls);
        this.outbox = outbox;
        this.webBaseUrl = webBaseUrl;
    }

    @Override
    public void publish(LifecycleEvent event) {
        Incident incident = event.incident();
        if (incident.isPrivate()) {
            return; // never sent, whatever the event
        }
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String body = GSON.toJson(body(event));
        for (URI url : urls) {
            // one id per event (the same to every receiver, and on every retry: receivers deduplicate on it)
            outbox.add(incident, new WebhookJob.Deliver(url.toString(), id, event.type().wireName(), body));
        }
    }

    JsonObject body(LifecycleEvent event) {
        JsonObject root = new JsonObject();
        root.addProperty("type", event.type().wireName());
        root.addProperty("timestamp", iso(event.at()));
        JsonObject data = new JsonObject();
        data.add("incident", incident(event.incident()));
        if (event.actionItem() != null) {
            data.add("action_item", actionItem(event.actionItem()));
        }
        if (event.postmortemVersion() != null) {
            JsonObject pm = new JsonObject();
            pm.addProperty("version", event.postmortemVersion());
            if (webBaseUrl != null) {
                pm.addProperty("url", webBaseUrl + "/incidents/" + event.incident().humanId() + "/postmortem.md");
            } else {
                pm.add("url", JsonNull.INSTANCE);
            }
            data.add("postmortem", pm);
        }
        root.add("data", data);
        return root;
    }

    private JsonObject incident(Incident i) {
        JsonObject o = new JsonObject();
        o.addProperty("id", i.humanId());
        o.addProperty("number", i.id());
        o.addProperty("title", i.title());
        o.addProperty("severity", i.severity().name());
        o.addProperty("status", i.status().display());
        o.addProperty("private", i.isPrivate());
        o.addProperty("drill", false);
        if (i.channelId() != null) {
            JsonObject channel = new JsonObject();
            channel.addProperty("id", i.channelId());
            channel.addProperty("name", i.channelName());
            o.add("channel", channel);
        } else {
            o.add("channel", JsonNull.INSTANCE);
        }
        o.addProperty("lead", i.leadId());
        o.addProperty("opened_at", iso(i.openedAt()));
        o.addProperty("resolved_at", i.resolvedAt() == null ? null : iso(i.resolvedAt()));
        if (webBaseUrl != null) {
            o.addProperty("url", webBaseUrl + "/incidents/" + i.humanId());
        }
        return o;
    }

    private static JsonObject actionItem(ActionItem a) {
        JsonObject o = new JsonObject();
        o.addProperty("number", a.number());
        o.addProperty("text", a.what());
        o.addProperty("owner", a.ownerId());
        o.addProperty("due", a.due() == null ? null : a.due().toString());
        o.addProperty("state", a.done() ? "done" : a.dropped() ? "dropped" : "open");
        o.add("ticket", JsonNull.INSTANCE);
        return o;
    }

    private static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
