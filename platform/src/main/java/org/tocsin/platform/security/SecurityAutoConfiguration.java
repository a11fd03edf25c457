package org.tocsin.platform.security;

import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Stateless HTTP Basic for the APIs. Health, metrics, the OpenAPI document and provider webhooks
 * are open: webhooks prove themselves with the provider's signature instead.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityAutoConfiguration.class);
    /** Where providers post their webhooks, in every service that takes any. */
    private static final String WEBHOOKS = "/webhooks/**";

    /**
     * Provider webhooks (POST only) prove themselves with the provider's signature, which their
     * controller checks: they need none of the API's authentication, session, request-cache, logout
     * or exception-translation filters. Passing through the API's chain was about 15 % of a
     * webhook's CPU in the inbound-storm benchmark's profile. Security headers are still written.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain tocsinWebhookFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, WEBHOOKS))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .servletApi(servletApi -> servletApi.disable())
                .exceptionHandling(exceptions -> exceptions.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    @Bean
    SecurityFilterChain tocsinSecurityFilterChain(HttpSecurity http) throws Exception {
        var problems = new ProblemAuthenticationEntryPoint();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .formLogin(form -> form.disable())
                .logout(Customizer.withDefaults());
        return http.build();
    }

    /**
     * Spring Security otherwise wraps every filter of its chain, each authentication and each
     * authorisation in Micrometer observations, on every request. In JFR profiles of the benchmarks
     * those observations were over half of the gateway's webhook CPU and about 70 % of the
     * subscriber API's request CPU. Outcomes stay measured: {@code http.server.requests} records
     * every request with its status, 401 and 403 included.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ApiUsers tocsinUsers(SecurityProperties properties) {
        if (properties.users().isEmpty()) {
            log.info("No API users in configuration (tocsin.security.users): only users managed by ADMINs can sign in");
        }
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        Map<String, UserDetails> users = properties.users().stream()
                .collect(Collectors.toMap(SecurityProperties.User::name, u -> User.withUsername(u.name())
                        .password(u.password())
                        .passwordEncoder(p -> p.startsWith("{") ? p : encoder.encode(p))
                        .roles(u.roles().stream().map(Enum::name).toArray(String[]::new))
                        .build()));
        return new ApiUsers(users);
    }

    @Bean
    @ConditionalOnProperty(name = "tocsin.security.replicate-users", matchIfMissing = true)
    ApiUserReplication apiUserReplication(KafkaProperties kafka, ApiUsers users) {
        return new ApiUserReplication(kafka.buildConsumerProperties(), users);
    }
}
