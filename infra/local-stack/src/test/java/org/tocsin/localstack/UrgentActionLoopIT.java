package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tocsin.testkit.http.ServiceProbe;
import org.tocsin.twiliosim.RefusedSend;
import org.tocsin.twiliosim.SimulatedMessage;
import org.tocsin.twiliosim.TwilioSimulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The urgent-action loop through the real system: supporters text the simulator, which posts
 * signed webhooks to the gateway; every service runs as its own process over real Kafka,
 * PostgreSQL and Redis; what supporters receive is read back from the simulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UrgentActionLoopIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String DEFAULT_LIST = "00000000-0000-4000-8000-000000000001";
    private static final String STOPPED_EN =
            "Tocsin: you are unsubscribed and will get no more messages. Reply START to join again.";

    private RunningSystem system;
    private String ourNumber;

    @BeforeAll
    void startTheSystem() throws Exception {
        Path workDir = Path.of(System.getProperty("tocsin.it.workDir")).resolve("urgent-action-loop");
        // 2 senders at 10 messages/s each: a fan-out of a few hundred takes seconds, long enough to act during it
        system = RunningSystem.start(workDir, Map.of(
                "TOCSIN_GATEWAY_SENDER_RATE_PER_SECOND", "10",
                "TOCSIN_GATEWAY_SENDER_BURST", "2"));
        ourNumber = system.senders().getFirst();
    }

    @AfterAll
    void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void twoHundredJoinTwentyStopAndExactlyTheOtherHundredAndEightyGetTheActionOnce() {
        List<String> phones = phones("+447700", 100_000, 200);
        for (int i = 0; i < phones.size(); i++) {
            String keyword = i % 5 == 3 ? "СТАРТ" : i % 5 == 4 ? "UNIRSE" : "JOIN";
            texts(phones.get(i), keyword);
        }
        awaitSubscribers(DEFAULT_LIST, 200);
        List<String> leaving = phones.subList(0, 20);
        leaving.forEach(phone -> texts(phone, "STOP"));
        awaitSubscribers(DEFAULT_LIST, 180);
        List<String> staying = phones.subList(20, 200);

        String alertId = createAction("Free Ana", "Free Ana! {{first_name|Friend}}, reply YES to sign.", DEFAULT_LIST);
        await().atMost(PATIENCE).until(() -> json(coordinator().get("/api/v1/alerts/" + alertId + "/preview"))
                .path("recipients").asInt() == 180);
        assertThat(coordinator().postJson("/api/v1/alerts/" + alertId + "/approve", "{}").status())
                .as("the creator never approves their own").isEqualTo(403);
        assertThat(dispatch("coordinator2").postJson("/api/v1/alerts/" + alertId + "/approve", "{}").status()).isEqualTo(200);
        var trigger = coordinator().withHeader("Idempotency-Key", UUID.randomUUID().toString());
        assertThat(trigger.postJson("/api/v1/alerts/" + alertId + "/trigger", "{}").status()).isEqualTo(202);
        assertThat(trigger.postJson("/api/v1/alerts/" + alertId + "/trigger", "{}").status()).as("same key").isEqualTo(202);

        await().atMost(PATIENCE).until(() -> stats(alertId).path("delivered").asInt() == 180);
        Map<String, Long> alerts = countByRecipient(m -> m.body().startsWith("Free Ana!"));
        assertThat(alerts.keySet()).containsExactlyInAnyOrderElementsOf(staying);
        assertThat(alerts.values()).allMatch(n -> n == 1);

        List<String> yes = staying.subList(0, 50);
        yes.forEach(phone -> texts(phone, "YES"));
        texts(staying.get(50), "Maria Lopez");
        await().atMost(PATIENCE).until(() -> stats(alertId).path("replied").asInt() == 51);

        JsonNode stats = stats(alertId);
        assertThat(stats.path("targeted").asInt()).isEqualTo(180);
        assertThat(stats.path("sent").asInt()).isEqualTo(180);
        assertThat(stats.path("delivered").asInt()).isEqualTo(180);
        assertThat(stats.path("failed").asInt()).isZero();
        assertThat(stats.path("suppressed").asInt()).isZero();
        assertThat(stats.path("responses").path("YES").asInt()).isEqualTo(50);
        assertThat(stats.path("responses").path("OTHER").asInt()).isEqualTo(1);
        assertThat(stats.path("optedOutSince").asInt()).isZero();
        assertThat(stats.path("medianReplySeconds").isNumber()).isTrue();
        var responses = json(system.api(ServiceApp.SUBSCRIBER, "analyst").get("/api/v1/alerts/" + alertId + "/responses"));
        assertThat(responses.toString()).contains("Maria Lopez").doesNotContain(staying.get(50));
        // everyone who answered is thanked exactly once
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Long> thanked = countByRecipient(m -> m.body().startsWith("Thank you"));
            assertThat(thanked).hasSize(51).allSatisfy((phone, n) -> assertThat(n).isEqualTo(1));
        });
    }

    @Test
    void aSupporterWhoTextsStopDuringTheFanOutGetsNothingAfterTheConfirmation() {
        String keyword = "STOPTEST" + (char) ('A' + (int) (Math.random() * 26));
        String listId = createList("Stop during fan-out " + UUID.randomUUID(), keyword);
        List<String> phones = phones("+447700", 400_000, 120);
        phones.forEach(phone -> texts(phone, keyword));
        awaitSubscribers(listId, 120);

        String alertId = createAction("Summit", "Lobby the summit now, {{first_name|friend}}.", listId);
        await().atMost(PATIENCE).until(() -> json(coordinator().get("/api/v1/alerts/" + alertId + "/preview"))
                .path("recipients").asInt() == 120);
        triggerWithoutApproval(alertId);
        List<String> quitters = phones.subList(100, 120);
        double confirmedBefore = gatewaySends("transactional", "confirmed_by_provider");
        quitters.forEach(phone -> texts(phone, "STOP"));
        // our own confirmations have met their fate (refused: Twilio confirmed already) before we look
        await().atMost(PATIENCE).until(() ->
                gatewaySends("transactional", "confirmed_by_provider") >= confirmedBefore + quitters.size());

        await().atMost(PATIENCE).until(() -> stats(alertId).path("byStatus").path("QUEUED").asInt(0) == 0
                && stats(alertId).path("byStatus").path("SENT").asInt(0) == 0);
        for (String phone : quitters) {
            // Twilio confirms a STOP itself the moment it arrives, before Tocsin hears of it, and then refuses
            // Tocsin's own confirmation from that number (21610); with a provider that does not, Tocsin's is
            // the one: either way exactly one reaches the phone
            List<SimulatedMessage> received = system.simulator().receivedMessages(phone);
            Predicate<String> confirms = body -> body.equals(STOPPED_EN) || body.equals(TwilioSimulator.TWILIO_STOP_REPLY);
            assertThat(received.stream().filter(m -> confirms.test(m.body()))).as("%s: one confirmation", phone).hasSize(1);
            // Tocsin's own confirmation, accepted or refused, is the last thing it handed over for that phone:
            // it waits for the sends already under way, and the gateway refuses all others once it knows
            long ours = Stream.concat(
                            received.stream().filter(m -> m.body().equals(STOPPED_EN)).map(SimulatedMessage::sequence),
                            system.simulator().refusedSends(phone).stream()
                                    .filter(r -> r.body().equals(STOPPED_EN)).map(RefusedSend::sequence))
                    .min(Long::compare)
                    .orElseThrow(() -> new AssertionError(phone + ": Tocsin never tried to confirm the STOP"));
            assertThat(received).as("%s: after Tocsin's confirmation", phone)
                    .noneMatch(m -> m.sequence() > ours);
        }
    }

    @Test
    void killingTheGatewayMidFanOutLeavesNobodyWithTwoCopiesAndNobodyMissing() throws Exception {
        String keyword = "CRASHTEST" + (char) ('A' + (int) (Math.random() * 26));
        String listId = createList("Crash test " + UUID.randomUUID(), keyword);
        List<String> phones = phones("+447700", 700_000, 150);
        phones.forEach(phone -> texts(phone, keyword));
        awaitSubscribers(listId, 150);
        // the join confirmations have gone out: only the action is sent from here on
        await().atMost(PATIENCE).until(() -> countByRecipient(m -> phones.contains(m.to())).size() == 150);

        String alertId = createAction("Crash", "Free the Rivertown 5, {{first_name|friend}}!", listId);
        await().atMost(PATIENCE).until(() -> json(coordinator().get("/api/v1/alerts/" + alertId + "/preview"))
                .path("recipients").asInt() == 150);
        triggerWithoutApproval(alertId);
        Predicate<SimulatedMessage> action = m -> m.body().startsWith("Free the Rivertown 5");
        await().atMost(PATIENCE).until(() -> countByRecipient(action).size() >= 30);

        system.kill(ServiceApp.GATEWAY);
        int sentBeforeRestart = countByRecipient(action).size();
        assertThat(sentBeforeRestart).as("killed mid-fan-out").isLessThan(150);
        system.restart(ServiceApp.GATEWAY);

        await().atMost(PATIENCE).until(() -> countByRecipient(action).size() == 150);
        // every delivery has had the gateway's outcome (delivery reports posted while it was down are
        // lost, as with Twilio, so some stay SENT until the sweeper expires them: not DELIVERED)
        await().atMost(PATIENCE).until(() -> stats(alertId).path("byStatus").path("QUEUED").asInt(-1) == 0
                && stats(alertId).path("targeted").asInt() == 150);
        Map<String, Long> received = countByRecipient(action);
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(phones);
        assertThat(received).allSatisfy((phone, n) -> assertThat(n).as(phone).isEqualTo(1));
    }

    @Test
    void afterACancelAnswersNothingMoreOfTheActionIsSent() {
        String keyword = "CANCELTEST" + (char) ('A' + (int) (Math.random() * 26));
        String listId = createList("Cancel test " + UUID.randomUUID(), keyword);
        List<String> phones = phones("+447700", 900_000, 150);
        phones.forEach(phone -> texts(phone, keyword));
        awaitSubscribers(listId, 150);

        String alertId = createAction("Cancelled", "Call the embassy today, {{first_name|friend}}.", listId);
        await().atMost(PATIENCE).until(() -> json(coordinator().get("/api/v1/alerts/" + alertId + "/preview"))
                .path("recipients").asInt() == 150);
        triggerWithoutApproval(alertId);
        Predicate<SimulatedMessage> action = m -> m.body().startsWith("Call the embassy today");
        await().atMost(PATIENCE).until(() -> countByRecipient(action).size() >= 20);

        var cancelled = coordinator().postJson("/api/v1/alerts/" + alertId + "/cancel", "{}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        // calls already in flight at the provider may still land; nothing is handed over after that
        int inFlightAllowance = 2 * system.senders().size();
        int sentAtCancel = countByRecipient(action).size();

        await().atMost(PATIENCE).until(() -> stats(alertId).path("byStatus").path("QUEUED").asInt(0) == 0
                && stats(alertId).path("byStatus").path("SENT").asInt(0) == 0);
        JsonNode stats = stats(alertId);
        int sent = countByRecipient(action).size();
        assertThat(sent).isLessThanOrEqualTo(sentAtCancel + inFlightAllowance).isLessThan(150);
        assertThat(stats.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(stats.path("cancelled").asInt()).as("every targeted recipient not sent to")
                .isEqualTo(stats.path("targeted").asInt() - sent);
        assertThat(stats.path("delivered").asInt()).isEqualTo(sent);
    }

    // --- the supporters' side: the simulator ---

    private void texts(String phone, String body) {
        var result = system.simulator().sendInbound(phone, ourNumber, body);
        assertThat(result.webhookStatus()).as("gateway took %s from %s", body, phone).isEqualTo(200);
    }

    private Map<String, Long> countByRecipient(Predicate<SimulatedMessage> which) {
        return system.simulator().sentMessages(null).stream().filter(which)
                .collect(Collectors.groupingBy(SimulatedMessage::to, Collectors.counting()));
    }

    private static List<String> phones(String prefix, int start, int count) {
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            phones.add(prefix + String.format("%06d", start + i));
        }
        return phones;
    }

    // --- the coordinators' side: the APIs ---

    private ServiceProbe coordinator() {
        return dispatch("coordinator");
    }

    private ServiceProbe dispatch(String user) {
        return system.api(ServiceApp.DISPATCH, user);
    }

    private String createList(String name, String keyword) {
        var created = system.api(ServiceApp.SUBSCRIBER, "admin").postJson("/api/v1/lists",
                "{\"name\":\"" + name + "\",\"keyword\":\"" + keyword + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return json(created).path("id").asString();
    }

    private void awaitSubscribers(String listId, int count) {
        await().atMost(PATIENCE).until(() -> {
            for (JsonNode list : json(system.api(ServiceApp.SUBSCRIBER, "admin").get("/api/v1/lists"))) {
                if (list.path("id").asString().equals(listId)) {
                    return list.path("subscribers").asInt() == count;
                }
            }
            return false;
        });
    }

    /** Creates an action, retrying while dispatch has not yet heard of a brand-new list. */
    private String createAction(String title, String body, String listId) {
        String request = "{\"title\":\"" + title + "\",\"body\":\"" + body + "\",\"listIds\":[\"" + listId
                + "\"],\"channel\":\"SMS\",\"replyWindow\":\"PT1H\",\"thanksText\":\"Thank you for acting.\"}";
        Map<String, String> last = new HashMap<>();
        await().atMost(PATIENCE).until(() -> {
            var reply = coordinator().postJson("/api/v1/alerts", request);
            last.put("reply", reply.status() + " " + reply.body());
            if (reply.status() == 201) {
                last.put("id", json(reply).path("id").asString());
                return true;
            }
            assertThat(reply.body()).as("only an unknown list may be retried").contains("listIds");
            return false;
        });
        return last.get("id");
    }

    private void triggerWithoutApproval(String alertId) {
        var reply = coordinator().postJson("/api/v1/alerts/" + alertId + "/trigger", "{}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    }

    /** The gateway's count of sends on a lane with an outcome, from its Prometheus metrics. */
    private double gatewaySends(String lane, String outcome) {
        String metrics = ServiceProbe.at("http://127.0.0.1:" + system.port(ServiceApp.GATEWAY)).get("/actuator/prometheus").body();
        return metrics.lines()
                .filter(line -> line.startsWith("tocsin_gateway_sends_total{"))
                .filter(line -> line.contains("lane=\"" + lane + "\"") && line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private JsonNode stats(String alertId) {
        return json(system.api(ServiceApp.DISPATCH, "analyst").get("/api/v1/alerts/" + alertId + "/stats"));
    }

    private static JsonNode json(ServiceProbe.Reply reply) {
        return JSON.readTree(reply.body());
    }
}
