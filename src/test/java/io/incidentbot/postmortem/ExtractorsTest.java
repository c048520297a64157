package io.incidentbot.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.incident.Role;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.TimelineEntry.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each extractor on its own, in English and Korean: what it reads, and what it must leave alone. */
class ExtractorsTest {
    static final Instant T0 = Instant.parse("2026-05-09T23:39:00Z");
    static final Map<String, ZoneId> ZONES = Map.of("USEOUL", ZoneId.of("Asia/Seoul"), "UNY", ZoneId.of("America/New_York"));
    static final UserNames NAMES = new UserNames() {
        @Override
        public String displayName(String userId) {
            return userId;
        }

        @Override
        public ZoneId timeZone(String userId) {
            return ZONES.get(userId);
        }
    };

    /** "U1: text" per line (or "bot Name: text"), a minute apart from T0. */
    static List<Utterance> said(String... lines) {
        List<TimelineEntry> entries = new ArrayList<>();
        int i = 0;
        for (String line : lines) {
            int colon = line.indexOf(": ");
            String who = line.substring(0, colon);
            String text = line.substring(colon + 2);
            boolean bot = who.startsWith("bot ");
            Instant at = T0.plusSeconds(60L * i);
            entries.add(new TimelineEntry(i + 1, 1, bot ? Kind.BOT_MESSAGE : Kind.MESSAGE, at.getEpochSecond() + ".000100",
                    null, bot ? null : who, bot ? who.substring(4) : null, text, text, at, null, false, false, List.of()));
            i++;
        }
        return Utterance.of(entries, NAMES);
    }

    @Nested
    class Roles {
        @Test
        void claimsInEnglish() {
            var found = RoleClaims.find(said("U1: I'm taking IC. <@U2> can you look at the pods?",
                    "U2: I'll handle comms with support", "U3: I'll take notes"));
            assertEquals("U1", found.get(Role.LEAD).value());
            assertEquals("U2", found.get(Role.COMMS).value());
            assertEquals("U3", found.get(Role.SCRIBE).value());
            assertEquals(T0, found.get(Role.LEAD).source().at(), "the claim names its message");
        }

        @Test
        void claimsInKorean() {
            var found = RoleClaims.find(said("U1: 제가 IC 맡겠습니다.", "U2: 커뮤니케이션은 제가 맡을게요.", "U3: 기록은 제가 하겠습니다."));
            assertEquals("U1", found.get(Role.LEAD).value());
            assertEquals("U2", found.get(Role.COMMS).value());
            assertEquals("U3", found.get(Role.SCRIBE).value());
        }

        @Test
        void aHandOverMovesTheLeadAndQuestionsClaimNothing() {
            var found = RoleClaims.find(said("U1: IC here for now", "U1: handing IC to <@U3>, going offline"));
            assertEquals("U3", found.get(Role.LEAD).value());
            assertTrue(RoleClaims.find(said("U1: who's IC?", "U2: can someone take IC?", "U3: I'm not IC, just helping"))
                    .isEmpty());
        }
    }

    @Nested
    class Author {
        @Test
        void theAskedPersonOrTheVolunteer() {
            assertEquals("U3", PostmortemAuthor.find(said("U1: Resolving. <@U3> please own the postmortem draft.")).get().value());
            assertEquals("U2", PostmortemAuthor.find(said("U2: I'll write up the postmortem tomorrow")).get().value());
            assertEquals("U4", PostmortemAuthor.find(said("U1: <@U4>님이 포스트모템 작성해 주세요.")).get().value());
            assertTrue(PostmortemAuthor.find(said("U1: who writes the postmortem?")).isEmpty());
        }
    }

    @Nested
    class Times {
        @Test
        void aTimeSaidAboutTheImpactInTheSpeakersZone() {
            // 23:39 UTC is 19:39 in New York: "since 7:20pm" is 23:20 UTC.
            var start = ImpactStart.find(said("UNY: checkout errors since 7:20pm, about a third of requests"));
            assertEquals(Instant.parse("2026-05-09T23:20:00Z"), start.get().value());
            // No zone known: UTC, the latest such time not after the message.
            assertEquals(Instant.parse("2026-05-09T23:35:00Z"),
                    ImpactStart.find(said("U1: the ALB is returning 502s since ~23:35")).get().value());
        }

        @Test
        void aTimeAfterMidnightLooksBackToTheDayBefore() {
            List<Utterance> u = said("U1: 5xx errors started around 23:50");
            // said at 23:39 UTC: 23:50 is after the message, so it is the day before
            assertEquals(Instant.parse("2026-05-08T23:50:00Z"), ImpactStart.find(u).get().value());
        }

        @Test
        void aDeployTimeIsACauseNotTheStart() {
            assertTrue(ImpactStart.find(said("U3: yes, v2.41.0 went out at 23:31", "U2: RDS connections hit the ceiling at 23:33"))
                    .isEmpty());
        }

        @Test
        void koreanStatedTimesAndTheAlertsOwnTime() {
            // 23:39 UTC is 08:39 in Seoul the next day: "8시 10분부터" is 23:10 UTC.
            assertEquals(Instant.parse("2026-05-09T23:10:00Z"),
                    ImpactStart.find(said("USEOUL: 8시 10분부터 결제 에러가 급증했습니다")).get().value());
            assertEquals(T0, ImpactStart.find(said("bot Alertmanager: [FIRING:1] Api5xx: 5xx rate 20%")).get().value());
        }

        @Test
        void relativeTimes() {
            assertEquals(T0.minusSeconds(20 * 60),
                    ImpactStart.find(said("U1: we've been seeing timeouts for the last 20 minutes")).get().value());
            assertEquals(T0.minusSeconds(10 * 60), ImpactStart.find(said("U1: 10분 전부터 타임아웃이 발생합니다")).get().value());
        }

        @Test
        void mitigationSaidAndNotSaid() {
            assertEquals(T0.plusSeconds(60), Mitigation.find(said("U1: not recovered yet", "U1: Mitigated. Monitoring."))
                    .get().value());
            assertEquals(T0, Mitigation.find(said("bot Alertmanager: [RESOLVED] OrdersApi5xxRateHigh"))
                    .get().value());
            assertEquals(T0, Mitigation.find(said("U1: 결제 정상화 확인했습니다.")).get().value());
            assertTrue(Mitigation.find(said("U1: once it's back to normal we close", "U1: 아직 복구 안 됐습니다",
                    "U1: is it back to normal?", "U1: recovering slowly")).isEmpty());
        }
    }

    @Nested
    class DecisionsSaid {
        @Test
        void englishAndKorean() {
            List<String> found = Decisions.find(said("U1: Decision: roll back orders-api to v2.40.3.",
                    "U1: we decided to report it to Stripe", "U2: let's fail over to us-west-2",
                    "U1: 결정: 보조 PG사로 트래픽을 전환하겠습니다.", "U2: 롤백하기로 했습니다")).stream().map(Suggested::value).toList();
            assertEquals(5, found.size(), found.toString());
        }

        @Test
        void questionsSmallTalkAndFollowUpsAreNot() {
            assertTrue(Decisions.find(said("U1: should we roll back?", "U2: let's see if it comes back",
                    "U3: lunch anyone?", "U1: rolling back now", "U2: Follow-up: add a rollback runbook",
                    "U1: 롤백할까요?")).isEmpty());
        }
    }

    @Nested
    class Impact {
        @Test
        void quantitiesOfUsersErrorsAndMoney() {
            var found = ImpactQuantities.find(said("U4: Support here: 37 tickets about failed checkouts so far.",
                    "bot Alertmanager: [FIRING:1] 5xx rate 23.4% over 5m (threshold 2%)",
                    "U2: roughly $41k in duplicate charges", "U1: 결제 실패 약 1,300건으로 추정됩니다.",
                    "U1: ~35% of users can't log in"));
            assertEquals(List.of(ImpactQuantities.Kind.USERS, ImpactQuantities.Kind.ERRORS, ImpactQuantities.Kind.MONEY,
                    ImpactQuantities.Kind.ERRORS, ImpactQuantities.Kind.USERS),
                    found.stream().map(s -> s.value().kind()).toList());
        }

        @Test
        void capacityThresholdsRecoveryAndVersionsAreNot() {
            assertTrue(ImpactQuantities.find(said("U3: 12 pods × 50 = 600 > RDS max_connections (500)",
                    "U2: 5xx down to 0.4% and falling", "U1: alert on RDS connection saturation (> 80%)",
                    "U1: v2.41.0 went out at 23:31", "U1: 타임아웃 0.2%로 떨어졌습니다")).isEmpty());
        }
    }

    @Nested
    class ActionItems {
        @Test
        void followUpsWithOwnersTicketsAndDueDates() {
            List<SuggestedAction> found = ActionItemMentions.find(said(
                    "U3: Follow-up: derive the pool size from max_connections / replicas instead of a fixed 50, and alert on "
                            + "RDS connection saturation (> 80%). I'll open tickets.",
                    "U3: tickets: ORD-1412 (pool sizing), ORD-1413 (RDS saturation alert)",
                    "U1: action item: add an idempotency key to invoice finalization (<@U5>, by 2026-05-15)"));
            assertEquals(3, found.size(), found.toString());
            assertEquals("ORD-1412", found.get(0).reference());
            assertTrue(found.get(0).what().startsWith("Derive the pool size"), found.get(0).what());
            assertEquals("ORD-1413", found.get(1).reference());
            assertEquals("U3", found.get(1).ownerId());
            assertEquals("U5", found.get(2).ownerId());
            assertEquals(LocalDate.parse("2026-05-15"), found.get(2).due());
            assertFalse(found.get(2).what().contains("<@"), "the owner note is not part of the action");
        }

        @Test
        void korean() {
            List<SuggestedAction> found = ActionItemMentions.find(said(
                    "U1: 후속 조치: PG 타임아웃을 5초로 줄이고 자동 페일오버를 추가해야 합니다. <@U3>님이 금요일까지 해주세요.",
                    "U2: 액션 아이템: PG사 점검 공지를 온콜 채널로 자동 전달"));
            assertEquals(2, found.size(), found.toString());
            assertEquals("U3", found.get(0).ownerId(), "the person asked in the next sentence owns it");
            assertEquals(LocalDate.parse("2026-05-15"), found.get(0).due(), "금요일까지: the Friday after");
            assertEquals("U2", found.get(1).ownerId());
        }

        @Test
        void issueUrlsBecomeTheReferenceAndSmallTalkIsNoItem() {
            List<SuggestedAction> found = ActionItemMentions.find(said(
                    "U1: we should add a synthetic check for the login page",
                    "U1: filed https://github.com/acme/web/issues/812 for it"));
            assertEquals(1, found.size(), found.toString());
            assertEquals("https://github.com/acme/web/issues/812", found.get(0).reference());
            assertTrue(ActionItemMentions.find(said("U1: we should be fine now", "U2: we should grab lunch",
                    "U3: this looks like ORD-998 again", "U1: we should roll back now")).isEmpty());
        }
    }

    @Nested
    class RootCause {
        @Test
        void saidCausesAndTheChangeBeforeTheKeyDecision() {
            List<Utterance> u = said("U3: v2.41.0 raises the Hikari pool to 50 connections per pod",
                    "U1: Decision: roll back orders-api to v2.40.3.", "U1: 원인은 PG사 타임아웃 설정 때문입니다.");
            var decisions = Decisions.find(u);
            List<String> found = RootCauseCandidates.find(u, decisions.get(0)).stream().map(Suggested::value).toList();
            assertEquals(2, found.size(), found.toString());
            assertNull(RootCauseCandidates.find(said("U1: because I'm on my phone?"), null).stream().findFirst().orElse(null));
        }
    }
}
