package org.tocsin.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.tocsin.twiliosim.webhook.TwilioSignature;

class TwilioWebhookRequestTest {

    private static final String TOKEN = "tocsin-local-auth-token";

    @Test
    void signedUrlIsThePublicOneBehindAProxyWithTheQueryAsSent() {
        var http = new MockHttpServletRequest("POST", "/webhooks/twilio/status");
        http.setQueryString("mid=m%201&a=act");
        http.addParameter("mid", "m 1");       // the servlet API merges query parameters in...
        http.addParameter("a", "act");
        http.addParameter("MessageStatus", "delivered");
        http.addParameter("MessageSid", "SM1");

        var request = TwilioWebhookRequest.of(http, TwilioWebhooks.base(URI.create("https://tocsin.example.org/gateway/")));

        assertThat(request.url()).isEqualTo("https://tocsin.example.org/gateway/webhooks/twilio/status?mid=m%201&a=act");
        // ...but Twilio signs only the POST body
        assertThat(request.form()).containsOnly(Map.entry("MessageStatus", "delivered"), Map.entry("MessageSid", "SM1"));
        assertThat(request.query()).containsOnly(Map.entry("mid", "m 1"), Map.entry("a", "act"));
    }

    @Test
    void aBodyParameterNamedLikeAQueryParameterStillCounts() {
        var http = new MockHttpServletRequest("POST", "/webhooks/twilio/status");
        http.setQueryString("To=x");
        http.addParameter("To", "x");             // from the query (first, as the servlet spec says)
        http.addParameter("To", "+447700900123"); // from the body

        var request = TwilioWebhookRequest.of(http, "http://127.0.0.1:8081");

        assertThat(request.form()).containsOnly(Map.entry("To", "+447700900123"));
    }

    @Test
    void validatesWithTheSdkAgainstTheSimulatorsIndependentSigning() {
        var http = new MockHttpServletRequest("POST", "/webhooks/twilio/inbound");
        http.addParameter("Body", "СТОП");
        http.addParameter("From", "+447700900123");
        String url = "http://127.0.0.1:8081/webhooks/twilio/inbound";
        http.addHeader("X-Twilio-Signature", TwilioSignature.sign(TOKEN, url,
                Map.of("Body", "СТОП", "From", "+447700900123")));

        var request = TwilioWebhookRequest.of(http, "http://127.0.0.1:8081");

        assertThat(request.signedWith(new RequestValidator(TOKEN))).isTrue();
        assertThat(request.signedWith(new RequestValidator("another-token"))).isFalse();
    }
}
