package org.tocsin.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Twilio SDK 13 talks to the simulator as it would to Twilio. */
class TwilioSdkCompatibilityTest {

    private static final String SENDER = "+15005550006";

    private static TwilioSimulator simulator;
    private static TwilioRestClient client;

    @BeforeAll
    static void start() {
        simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0).withInboundWebhookUrl(null));
        client = SimulatorRoutingHttpClient.restClient(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void createsAMessageAndFetchesItUntilDelivered() {
        Message created = Message.creator(new PhoneNumber("+447700900123"), new PhoneNumber(SENDER), "Free Ana now")
                .create(client);

        assertThat(created.getSid()).matches("SM[0-9a-f]{32}");
        assertThat(created.getAccountSid()).isEqualTo(SimulatorConfig.DEFAULT_ACCOUNT_SID);
        assertThat(created.getStatus()).isEqualTo(Message.Status.QUEUED);
        assertThat(created.getTo()).isEqualTo("+447700900123");
        assertThat(created.getFrom()).isEqualTo(new PhoneNumber(SENDER));
        assertThat(created.getBody()).isEqualTo("Free Ana now");
        assertThat(created.getNumSegments()).isEqualTo("1");
        assertThat(created.getNumMedia()).isEqualTo("0");
        assertThat(created.getDirection()).isEqualTo(Message.Direction.OUTBOUND_API);
        assertThat(created.getApiVersion()).isEqualTo("2010-04-01");
        assertThat(created.getPrice()).isNull();
        assertThat(created.getPriceUnit().getCurrencyCode()).isEqualTo("USD");
        assertThat(created.getDateCreated()).isBetween(ZonedDateTime.now().minusMinutes(1),
                ZonedDateTime.now().plusMinutes(1));
        assertThat(created.getDateSent()).isNull();
        assertThat(created.getUri()).isEqualTo("/2010-04-01/Accounts/" + SimulatorConfig.DEFAULT_ACCOUNT_SID
                + "/Messages/" + created.getSid() + ".json");
        assertThat(created.getSubresourceUris()).containsKey("media");

        Message delivered = Await.until(() -> Message.fetcher(created.getSid()).fetch(client),
                m -> m.getStatus() == Message.Status.DELIVERED, "the message to be delivered");
        assertThat(delivered.getSid()).isEqualTo(created.getSid());
        assertThat(delivered.getPrice()).isEqualTo("-0.00790");
        assertThat(delivered.getDateSent()).isNotNull();
        assertThat(delivered.getErrorCode()).isNull();
    }

    @Test
    void aMultipartMessageIsPricedPerSegment() {
        Message created = Message.creator(new PhoneNumber("+447700900124"), new PhoneNumber(SENDER), "a".repeat(161))
                .create(client);
        assertThat(created.getNumSegments()).isEqualTo("2");
        Message delivered = Await.until(() -> Message.fetcher(created.getSid()).fetch(client),
                m -> m.getStatus() == Message.Status.DELIVERED, "the message to be delivered");
        assertThat(delivered.getPrice()).isEqualTo("-0.01580");
    }

    @Test
    void aMessagingServiceSendIsAcceptedWithoutASenderYet() {
        String service = "MG" + "0123456789abcdef".repeat(2);
        Message created = Message.creator(new PhoneNumber("+447700900125"), service, "Act now").create(client);

        assertThat(created.getStatus()).isEqualTo(Message.Status.ACCEPTED);
        assertThat(created.getMessagingServiceSid()).isEqualTo(service);
        assertThat(created.getFrom()).isNull();
        assertThat(created.getNumSegments()).isEqualTo("0");
        Message delivered = Await.until(() -> Message.fetcher(created.getSid()).fetch(client),
                m -> m.getStatus() == Message.Status.DELIVERED, "the message to be delivered");
        assertThat(delivered.getNumSegments()).isEqualTo("1");
    }

    @Test
    void fetchingAnUnknownMessageIs404() {
        ApiException error = catchThrowableOfType(ApiException.class,
                () -> Message.fetcher("SM" + "0".repeat(32)).fetch(client));
        assertThat(error.getCode()).isEqualTo(20404);
        assertThat(error.getStatusCode()).isEqualTo(404);
    }

    @Test
    void theReaderPagesThroughMessagesNewestFirst() {
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sids.add(Message.creator(new PhoneNumber("+447700900126"), new PhoneNumber(SENDER), "n" + i)
                    .create(client).getSid());
        }
        Message.creator(new PhoneNumber("+447700900127"), new PhoneNumber(SENDER), "other").create(client);

        ResourceSet<Message> read = Message.reader().setTo(new PhoneNumber("+447700900126")).pageSize(2).read(client);
        List<String> listed = new ArrayList<>();
        read.forEach(message -> listed.add(message.getSid()));

        assertThat(listed).containsExactlyElementsOf(sids.reversed());
    }

    @Test
    void aWrongAuthTokenIsRefusedWith20003() {
        TwilioRestClient wrong = SimulatorRoutingHttpClient.restClient(simulator,
                SimulatorConfig.DEFAULT_ACCOUNT_SID, "not-the-token");

        ApiException error = catchThrowableOfType(ApiException.class,
                () -> Message.creator(new PhoneNumber("+447700900123"), new PhoneNumber(SENDER), "hi").create(wrong));

        assertThat(error.getCode()).isEqualTo(20003);
        assertThat(error.getStatusCode()).isEqualTo(401);
        assertThat(error.getMoreInfo()).isEqualTo("https://www.twilio.com/docs/errors/20003");
        assertThat(simulator.sentMessages(null)).isEmpty();
    }

    @Test
    void theRawAnswerToBadCredentialsIsTwiliosErrorJson() {
        RawHttp wrong = new RawHttp(simulator.baseUrl(), SimulatorConfig.DEFAULT_ACCOUNT_SID, "not-the-token");
        RawHttp.Reply reply = wrong.postForm(wrong.messagesPath(simulator),
                Map.of("To", "+447700900123", "From", SENDER, "Body", "hi"));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("code").intValue()).isEqualTo(20003);
        assertThat(reply.json().get("message").stringValue()).isEqualTo("Authenticate");
        assertThat(reply.json().get("more_info").stringValue()).isEqualTo("https://www.twilio.com/docs/errors/20003");
        assertThat(reply.json().get("status").intValue()).isEqualTo(401);

        RawHttp anonymous = RawHttp.of(simulator);
        assertThat(anonymous.postFormWithoutAuth(anonymous.messagesPath(simulator),
                Map.of("To", "+447700900123", "From", SENDER, "Body", "hi")).status()).isEqualTo(401);
    }

    @Test
    void anotherAccountsPathIsRefusedEvenWithValidCredentials() {
        TwilioRestClient client = SimulatorRoutingHttpClient.restClient(simulator);
        ApiException error = catchThrowableOfType(ApiException.class,
                () -> Message.creator("AC" + "1".repeat(32), new PhoneNumber("+447700900123"),
                        new PhoneNumber(SENDER), "hi").create(client));
        assertThat(error.getCode()).isEqualTo(20003);
    }
}
