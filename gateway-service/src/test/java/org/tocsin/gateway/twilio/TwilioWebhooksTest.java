package org.tocsin.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwilioWebhooksTest {

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:8081,        http://127.0.0.1:8081",
            "http://127.0.0.1:8081/,       http://127.0.0.1:8081",
            "https://tocsin.example.org/gw/, https://tocsin.example.org/gw",
            "https://tocsin.example.org/gw///, https://tocsin.example.org/gw",
            "https://tocsin.example.org/a/gw, https://tocsin.example.org/a/gw",
    })
    void baseIsThePublicUrlWithoutTrailingSlashes(String publicBaseUrl, String base) {
        assertThat(TwilioWebhooks.base(URI.create(publicBaseUrl))).isEqualTo(base);
        assertThat(TwilioWebhooks.statusCallback(URI.create(publicBaseUrl), "m 1", null, "s1"))
                .hasToString(base + "/webhooks/twilio/status?mid=m+1&s=s1");
    }

    @Test
    void aMissingPublicUrlSaysWhichSettingIsMissing() {
        assertThatThrownBy(() -> TwilioWebhooks.base(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TOCSIN_TWILIO_PUBLIC_BASE_URL");
    }
}
