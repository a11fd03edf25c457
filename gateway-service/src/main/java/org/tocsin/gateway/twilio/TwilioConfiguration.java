package org.tocsin.gateway.twilio;

import com.twilio.http.TwilioRestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TwilioConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TwilioConfiguration.class);

    @Bean
    TwilioRestClient twilioRestClient(TwilioProperties properties) {
        if (properties.accountSid() == null || properties.authToken() == null) {
            throw new IllegalStateException(
                    "Twilio is not configured: set TOCSIN_TWILIO_ACCOUNT_SID and TOCSIN_TWILIO_AUTH_TOKEN");
        }
        var http = new TwilioHttpClient(properties.usesRealTwilio() ? null : properties.apiBaseUrl());
        if (!properties.usesRealTwilio()) {
            log.info("Twilio API calls go to {} instead of Twilio", properties.apiBaseUrl());
        }
        return new TwilioRestClient.Builder(properties.accountSid(), properties.authToken())
                .httpClient(http)
                .build();
    }
}
