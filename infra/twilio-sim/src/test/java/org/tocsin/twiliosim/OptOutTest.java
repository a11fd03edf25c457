package org.tocsin.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Twilio's built-in opt-out: after STOP, sends from that number are refused with 21610 until START. */
class OptOutTest {

    private static final String SUPPORTER = "+447700900401";
    private static final String SENDER = "+15005550006";
    private static final String OTHER_SENDER = "+15005550007";

    private static TwilioSimulator simulator;
    private static TwilioRestClient client;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0).withInboundWebhookUrl(null));
        client = SimulatorRoutingHttpClient.restClient(simulator);
        http = RawHttp.of(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private void text(String from, String to, String body) {
        RawHttp.Reply reply = http.postJson("/sim/inbound",
                "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"body\":\"" + body + "\"}");
        assertThat(reply.status()).isEqualTo(200);
    }

    private Message send(String from) {
        return Message.creator(new PhoneNumber(SUPPORTER), new PhoneNumber(from), "Urgent action").create(client);
    }

    @Test
    void twilioConfirmsAStopItselfFromTheNumberItWasSentTo() {
        send(SENDER);
        text(SUPPORTER, SENDER, "STOP");

        assertThat(simulator.sentMessages(SUPPORTER)).as("the system sent only its own message").hasSize(1);
        assertThat(simulator.receivedMessages(SUPPORTER)).extracting(SimulatedMessage::from, SimulatedMessage::body)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SENDER, "Urgent action"),
                        org.assertj.core.groups.Tuple.tuple(SENDER, InboundMessages.STOP_REPLY));
        text(SUPPORTER, SENDER, "hello");
        assertThat(simulator.receivedMessages(SUPPORTER)).as("only keywords get an automatic reply").hasSize(2);
    }

    @Test
    void stopBlocksThatSenderWith21610AndStartLiftsIt() {
        send(SENDER);
        text(SUPPORTER, SENDER, "STOP");

        ApiException refused = catchThrowableOfType(ApiException.class, () -> send(SENDER));
        assertThat(refused.getCode()).isEqualTo(21610);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getMessage()).isEqualTo("Attempt to send to unsubscribed recipient");
        assertThat(send(OTHER_SENDER).getStatus()).as("another sender is not blocked").isEqualTo(Message.Status.QUEUED);
        assertThat(simulator.sentMessages(SUPPORTER)).hasSize(2);

        text(SUPPORTER, SENDER, "START");
        assertThat(send(SENDER).getStatus()).isEqualTo(Message.Status.QUEUED);
    }

    @Test
    void aRefusedSendIsRecordedInTheOrderOfWhatThePhoneReceived() {
        send(OTHER_SENDER);
        text(SUPPORTER, SENDER, "STOP");
        catchThrowableOfType(ApiException.class, () -> send(SENDER));
        send(OTHER_SENDER);

        assertThat(simulator.refusedSends(SUPPORTER)).singleElement().satisfies(refused -> {
            assertThat(refused.from()).isEqualTo(SENDER);
            assertThat(refused.body()).isEqualTo("Urgent action");
            assertThat(refused.httpStatus()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo(21610);
        });
        long refusedAt = simulator.refusedSends(SUPPORTER).getFirst().sequence();
        assertThat(simulator.receivedMessages(SUPPORTER)).extracting(SimulatedMessage::body,
                        message -> message.sequence() < refusedAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Urgent action", true),
                        org.assertj.core.groups.Tuple.tuple(InboundMessages.STOP_REPLY, true),
                        org.assertj.core.groups.Tuple.tuple("Urgent action", false));
        assertThat(simulator.refusedSends("+447700900402")).isEmpty();
        simulator.reset();
        assertThat(simulator.refusedSends(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stop", " Stop ", "STOPALL", "unsubscribe", "CANCEL", "end", "QUIT", "optout", "revoke"})
    void everyTwilioOptOutKeywordBlocks(String keyword) {
        text(SUPPORTER, SENDER, keyword);
        assertThat(catchThrowableOfType(ApiException.class, () -> send(SENDER)).getCode()).isEqualTo(21610);
    }

    @ParameterizedTest
    @ValueSource(strings = {"start", "UNSTOP", "yes"})
    void everyTwilioOptInKeywordLiftsTheBlock(String keyword) {
        text(SUPPORTER, SENDER, "STOP");
        text(SUPPORTER, SENDER, keyword);
        assertThat(send(SENDER).getStatus()).isEqualTo(Message.Status.QUEUED);
    }

    @Test
    void aSentenceContainingStopIsNotAnOptOut() {
        text(SUPPORTER, SENDER, "please stop the deportation");
        assertThat(send(SENDER).getStatus()).isEqualTo(Message.Status.QUEUED);
    }

    @Test
    void aMessagingServiceSendIsBlockedOnceTheRecipientOptedOutOfAnyNumber() {
        text(SUPPORTER, SENDER, "STOP");
        String service = "MG" + "ab".repeat(16);
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> Message.creator(new PhoneNumber(SUPPORTER), service, "Urgent").create(client));
        assertThat(refused.getCode()).isEqualTo(21610);
    }

    @Test
    void resetForgetsOptOuts() {
        text(SUPPORTER, SENDER, "STOP");
        simulator.reset();
        assertThat(send(SENDER).getStatus()).isEqualTo(Message.Status.QUEUED);
    }
}
