package org.tocsin.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.security.RequestValidator;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Status callbacks follow a send, in order, signed so that Twilio's own validator accepts them. */
class StatusCallbackTest {

    private static final String SENDER = "+15005550006";
    private static final RequestValidator VALIDATOR = new RequestValidator(SimulatorConfig.DEFAULT_AUTH_TOKEN);

    private static TwilioSimulator simulator;
    private static TwilioRestClient client;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0).withInboundWebhookUrl(null));
        client = SimulatorRoutingHttpClient.restClient(simulator);
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        simulator.close();
        receiver.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private Message send(String to, String callbackPath) {
        return Message.creator(new PhoneNumber(to), new PhoneNumber(SENDER), "Free Ana now")
                .setStatusCallback(URI.create(receiver.url(callbackPath)))
                .create(client);
    }

    private List<WebhookReceiver.Received> awaitCallbacks(String sid, int count) {
        return Await.until(() -> receiver.forMessage(sid), callbacks -> callbacks.size() >= count,
                count + " status callbacks for " + sid);
    }

    @Test
    void postsSentThenDeliveredEachSignedLikeTwilio() {
        Message message = send("+447700900201", "/webhooks/twilio/status");

        List<WebhookReceiver.Received> callbacks = awaitCallbacks(message.getSid(), 2);

        assertThat(callbacks).extracting(c -> c.params().get("MessageStatus")).containsExactly("sent", "delivered");
        for (WebhookReceiver.Received callback : callbacks) {
            assertThat(callback.path()).isEqualTo("/webhooks/twilio/status");
            assertThat(callback.contentType()).startsWith("application/x-www-form-urlencoded");
            assertThat(callback.params())
                    .containsEntry("MessageSid", message.getSid())
                    .containsEntry("SmsSid", message.getSid())
                    .containsEntry("AccountSid", SimulatorConfig.DEFAULT_ACCOUNT_SID)
                    .containsEntry("From", SENDER)
                    .containsEntry("To", "+447700900201")
                    .containsEntry("ApiVersion", "2010-04-01")
                    .containsEntry("SmsStatus", callback.params().get("MessageStatus"))
                    .doesNotContainKey("ErrorCode");
            assertThat(VALIDATOR.validate(callback.url(), callback.params(), callback.signature()))
                    .as("Twilio's RequestValidator accepts the signature").isTrue();
        }
        assertThat(callbacks.get(1).params().get("RawDlrDoneDate")).matches("[0-9]{10}");
    }

    @Test
    void aTamperedParameterOrUrlFailsValidation() {
        Message message = send("+447700900202", "/status?campaign=a");
        WebhookReceiver.Received callback = awaitCallbacks(message.getSid(), 1).getFirst();
        assertThat(callback.url()).endsWith("/status?campaign=a");
        assertThat(VALIDATOR.validate(callback.url(), callback.params(), callback.signature())).isTrue();

        Map<String, String> tampered = new HashMap<>(callback.params());
        tampered.put("MessageStatus", "delivered");
        assertThat(VALIDATOR.validate(callback.url(), tampered, callback.signature())).isFalse();
        assertThat(VALIDATOR.validate(callback.url().replace("campaign=a", "campaign=b"), callback.params(),
                callback.signature())).isFalse();
        assertThat(new RequestValidator("another-token").validate(callback.url(), callback.params(),
                callback.signature())).isFalse();
    }

    @Test
    void aFailureRateOfOneFailsWithoutSendingAndWithAnErrorCode() {
        simulator.behaviour(Behaviour.defaults().withFailureRate(1.0));
        Message message = send("+447700900203", "/status");

        WebhookReceiver.Received callback = awaitCallbacks(message.getSid(), 1).getFirst();

        assertThat(callback.params()).containsEntry("MessageStatus", "failed").containsEntry("ErrorCode", "30008");
        assertThat(VALIDATOR.validate(callback.url(), callback.params(), callback.signature())).isTrue();
        Message fetched = Message.fetcher(message.getSid()).fetch(client);
        assertThat(fetched.getStatus()).isEqualTo(Message.Status.FAILED);
        assertThat(fetched.getErrorCode()).isEqualTo(30008);
        assertThat(fetched.getPrice()).as("a failed message is not charged").isNull();
        assertThat(receiver.forMessage(message.getSid())).hasSize(1);
    }

    @Test
    void anUndeliveredRateOfOneSendsThenReportsTheConfiguredErrorCode() {
        simulator.behaviour(Behaviour.defaults().withUndeliveredRate(1.0).withErrorCode(30005));
        Message message = send("+447700900204", "/status");

        List<WebhookReceiver.Received> callbacks = awaitCallbacks(message.getSid(), 2);

        assertThat(callbacks).extracting(c -> c.params().get("MessageStatus")).containsExactly("sent", "undelivered");
        assertThat(callbacks.get(1).params()).containsEntry("ErrorCode", "30005");
        Message fetched = Message.fetcher(message.getSid()).fetch(client);
        assertThat(fetched.getStatus()).isEqualTo(Message.Status.UNDELIVERED);
        assertThat(fetched.getErrorCode()).isEqualTo(30005);
        assertThat(fetched.getErrorMessage()).isEqualTo("Unknown destination handset");
        assertThat(simulator.sentMessages("+447700900204")).singleElement()
                .satisfies(m -> assertThat(m.errorCode()).isEqualTo(30005));
    }

    @Test
    void withCallbacksOffTheStatusStillProgressesButNothingIsPosted() {
        simulator.behaviour(Behaviour.defaults().withCallbacks(false));
        Message silent = send("+447700900205", "/status");
        Await.until(() -> Message.fetcher(silent.getSid()).fetch(client).getStatus(),
                status -> status == Message.Status.DELIVERED, "the silent message to be delivered");

        // A later message with callbacks on proves the receiver is listening.
        simulator.behaviour(Behaviour.defaults());
        Message marker = send("+447700900206", "/status");
        awaitCallbacks(marker.getSid(), 2);

        assertThat(receiver.forMessage(silent.getSid())).isEmpty();
    }

    @Test
    void aMessageThatWaitsLongerThanItsValidityPeriodExpires() {
        simulator.behaviour(Behaviour.defaults().withLatencyMillis(1_100));
        Message message = Message.creator(new PhoneNumber("+447700900207"), new PhoneNumber(SENDER), "Too late")
                .setStatusCallback(URI.create(receiver.url("/status")))
                .setValidityPeriod(1)
                .create(client);

        WebhookReceiver.Received callback = awaitCallbacks(message.getSid(), 1).getFirst();

        assertThat(callback.params()).containsEntry("MessageStatus", "failed").containsEntry("ErrorCode", "30036");
    }

    @Test
    void latencyDelaysEachStepButKeepsTheOrder() {
        simulator.behaviour(Behaviour.defaults().withLatencyMillis(50));
        Message message = send("+447700900208", "/status");
        assertThat(Message.fetcher(message.getSid()).fetch(client).getStatus()).isEqualTo(Message.Status.QUEUED);

        List<WebhookReceiver.Received> callbacks = awaitCallbacks(message.getSid(), 2);

        assertThat(callbacks).extracting(c -> c.params().get("MessageStatus")).containsExactly("sent", "delivered");
    }
}
