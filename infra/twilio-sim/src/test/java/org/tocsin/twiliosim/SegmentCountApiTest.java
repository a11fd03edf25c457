package org.tocsin.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** num_segments in the API answer follows the GSM-7 / UCS-2 segment rules at their boundaries. */
class SegmentCountApiTest {

    private static final String EMOJI = "\uD83D\uDE00";

    private static TwilioSimulator simulator;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0).withInboundWebhookUrl(null));
        http = RawHttp.of(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    /** Builds a body from {@code char x count} parts separated by '+', e.g. {@code a*152+€*1}. */
    private static String body(String recipe) {
        StringBuilder body = new StringBuilder();
        for (String part : recipe.split("\\+")) {
            int star = part.lastIndexOf('*');
            String unit = switch (part.substring(0, star)) {
                case "EMOJI" -> EMOJI;
                case "SPACE" -> " ";
                default -> part.substring(0, star);
            };
            body.append(unit.repeat(Integer.parseInt(part.substring(star + 1))));
        }
        return body.toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a*160                  | 1",
        "a*161                  | 2",
        "a*306                  | 2",
        "a*307                  | 3",
        "€*80                   | 1",
        "a*159+[*1              | 2",
        "a*151+€*1+a*153        | 2",
        "a*152+€*1+a*152        | 3",
        "a*150+[*1+~*1+a*152    | 3",
        "Ж*70                   | 1",
        "Ж*71                   | 2",
        "Ж*134                  | 2",
        "Ж*65+EMOJI*1+Ж*67      | 2",
        "Ж*66+EMOJI*1+Ж*66      | 3",
        "EMOJI*35               | 1",
        "EMOJI*36               | 2",
        "a*69+EMOJI*1           | 2",
    })
    void numSegmentsFollowsTheEncodingRules(String recipe, int segments) {
        String body = body(recipe);
        RawHttp.Reply reply = http.postForm(http.messagesPath(simulator),
                Map.of("To", "+447700900601", "From", "+15005550006", "Body", body));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("num_segments").stringValue()).isEqualTo(Integer.toString(segments));
        assertThat(reply.json().get("body").stringValue()).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a*159+€*1    | 2",
        "Ж*70         | 1",
        "Ж*69+EMOJI*1 | 2",
    })
    void theSdkReadsTheSameSegmentCount(String recipe, int segments) {
        Message message = Message.creator(new PhoneNumber("+447700900602"), new PhoneNumber("+15005550006"),
                body(recipe)).create(SimulatorRoutingHttpClient.restClient(simulator));
        assertThat(message.getNumSegments()).isEqualTo(Integer.toString(segments));
    }
}
