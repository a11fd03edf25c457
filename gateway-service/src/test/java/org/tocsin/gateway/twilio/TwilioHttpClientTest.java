package org.tocsin.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class TwilioHttpClientTest {

    private final TwilioHttpClient client = new TwilioHttpClient(URI.create("http://127.0.0.1:8089/"));

    @Test
    void sendsTwilioRequestsToTheConfiguredHostKeepingEverythingElse() {
        var original = new Request(HttpMethod.POST, "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json");
        original.setAuth("AC1", "token");
        original.addPostParam("To", "+447700900123");
        original.addPostParam("Body", "Free Ana");
        original.addQueryParam("PageSize", "50");

        Request rewritten = client.rewrite(original);

        assertThat(rewritten.getUrl()).isEqualTo("http://127.0.0.1:8089/2010-04-01/Accounts/AC1/Messages.json");
        assertThat(rewritten.getPostParams()).containsEntry("To", List.of("+447700900123"))
                .containsEntry("Body", List.of("Free Ana"));
        assertThat(rewritten.getQueryParams()).containsEntry("PageSize", List.of("50"));
        assertThat(rewritten.getAuthString()).isEqualTo(original.getAuthString());
        assertThat(rewritten.getMethod()).isEqualTo(HttpMethod.POST);
    }

    @Test
    void leavesOtherHostsAloneAndTwilioAloneWithoutABase() {
        var other = new Request(HttpMethod.GET, "https://example.org/x");
        assertThat(client.rewrite(other)).isSameAs(other);

        var twilio = new Request(HttpMethod.GET, "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json");
        assertThat(new TwilioHttpClient(null).rewrite(twilio)).isSameAs(twilio);
    }
}
