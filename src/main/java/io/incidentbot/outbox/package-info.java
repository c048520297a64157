/**
 * The one way out: durable jobs for every system the bot talks to after Slack's ack.
 *
 * <p>A flow changes the domain and, in the same transaction, queues what others must hear about it
 * with {@link io.incidentbot.outbox.Outbox#add}: one row per job, so a job exists exactly when the
 * change it reports was committed, survives restarts, and waits out any outage. The
 * {@link io.incidentbot.outbox.OutboxWorker} runs the jobs.
 *
 * <h2>Lanes</h2>
 * Every job is in a <em>lane</em>: {@code slack}, and those the integrations add ({@code pagerduty},
 * {@code github}, {@code statuspage}, {@code webhook:<url>}…). A lane's <em>family</em> is its name
 * up to the first {@code ':'}; one handler serves a family and one thread per family takes its
 * jobs, so families never wait for each other. A job runs only after the earlier jobs of its
 * incident <em>in its own lane</em> are done or given up: an incident's Slack messages arrive in
 * the order they were queued, and a vendor's outage delays only its own lane.
 *
 * <h2>Adding a lane</h2>
 * <ol>
 *   <li>Declare the family's jobs as a sealed interface extending {@link io.incidentbot.outbox.OutboxJob},
 *       whose permitted subclasses are records; {@link io.incidentbot.outbox.OutboxJob#lane()} names the
 *       lane (the family, or {@code family:key} for lanes of one family that must not wait for each
 *       other, such as one webhook URL each). The records are stored as JSON with Gson and read back
 *       when the job runs, so they hold ids, text and numbers (never live objects), and a record's name
 *       is its stored kind: renaming it strands queued jobs.
 *       <pre>{@code
 * public sealed interface WebhookJob extends OutboxJob permits WebhookJob.Deliver {
 *     record Deliver(String url, String eventId, String body) implements WebhookJob {
 *         public String lane() { return "webhook:" + url; }
 *     }
 * }}</pre></li>
 *   <li>Implement {@link io.incidentbot.outbox.LaneHandler} for it:
 *     <ul>
 *       <li>{@code family()} — the family's name ({@code "webhook"}), no {@code ':'};</li>
 *       <li>{@code jobType()} — the sealed interface ({@code WebhookJob.class});</li>
 *       <li>{@code run(delivery)} — do the job once; return when the other side has it, throw otherwise.
 *           Delivery is at least once (a crash between the answer and the row's removal repeats it),
 *           so pass an idempotency key where the vendor takes one ({@code delivery.id()} is stable);</li>
 *       <li>{@code judge(exception)} — what a failure means, as a {@link io.incidentbot.outbox.Verdict}:
 *           {@code Retry} (the vendor's trouble: backoff, no limit), {@code WaitFor} (the vendor's
 *           Retry-After, waited in full and not counted as an attempt), {@code NeedsOperator} (a bad
 *           token or missing permission: the incident's channel is told at once what to fix, and the
 *           job keeps being retried), {@code Refused} (given up at once and told); {@code null} or an
 *           {@link java.lang.Error} is unexpected: given up and told after {@value
 *           io.incidentbot.outbox.Outbox#MAX_CRASHES} such attempts. Throwing
 *           {@link io.incidentbot.outbox.Refusal} is always a refusal;</li>
 *       <li>{@code describe(job, "INC-12")} — what the job does, for the one-line notice in the
 *           incident channel when it fails ("Paging for INC-12"); null for jobs whose failure is not
 *           worth a notice; {@code remedy(job)} — what people can do then, or null;</li>
 *       <li>{@code parallelism()} — how many of the family's jobs may run at once (default 1);</li>
 *       <li>{@code backoff()} — the family's own wait between failed attempts when the vendor asks for
 *           one (PagerDuty: never more than a minute apart); null (default) takes the worker's.</li>
 *     </ul></li>
 *   <li>Hand the handler to the {@code OutboxWorker} where the app is wired ({@code cli/App}). {@code /health}
 *       then shows the lane's {@code queued} and {@code failed} counts under {@code lanes}.</li>
 * </ol>
 *
 * <h2>Leases</h2>
 * A worker takes a job with a short lease ({@code Settings.lease}, 30 s) and renews it while the job
 * runs, so a crashed replica's jobs are taken by another within a minute. On SQLite, which one
 * process uses, the worker takes back every job at start: a restart delivers at once.
 */
package io.incidentbot.outbox;
