package org.tocsin.subscriber.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** Endpoints state their roles with {@code @PreAuthorize}; the platform only requires a user. */
@Configuration
@EnableMethodSecurity
class MethodSecurityConfiguration {
}
