package org.tocsin.gateway.webhook;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * HTTP settings for the gateway, whose requests are provider webhooks (and actuator scrapes).
 *
 * <p>Spring Security otherwise wraps each filter of its chain in Micrometer observations, on every
 * request. In a JFR profile of an inbound-webhook storm (benchmark W3), the security filter chain
 * with those observations took more than half of the request threads' CPU, the webhook handler
 * (signature, de-duplication, Kafka) about a quarter. Webhooks are not authenticated by Spring
 * Security (their proof is the provider's signature), so those observations measure nothing useful
 * here. The request observation ({@code http.server.requests}) stays: webhook latency and counts
 * are still recorded.
 */
@Configuration(proxyBeanMethods = false)
class WebhookHttpConfiguration {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
