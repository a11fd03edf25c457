package org.tocsin.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.tocsin.contracts.ApiUserChanged;
import org.tocsin.contracts.Topics;
import org.tocsin.testkit.TestInfrastructure;
import org.tocsin.testkit.http.ServiceProbe;
import org.tocsin.testkit.spring.RealInfrastructure;

/** A user an ADMIN adds (published on the user topic) can sign in; once disabled, can no longer. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        
        "tocsin.security.users[0].name=configured",
        "tocsin.security.users[0].password={noop}configured-pass",
        "tocsin.security.users[0].roles=ANALYST"})
@RealInfrastructure
class ApiUserReplicationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Test
    void replicatedUsersSignInAndDisabledOnesCannot() throws Exception {
        String name = TestInfrastructure.uniqueName("user");
        String hash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("long-enough-secret");
        var probe = ServiceProbe.local(port).as(name, "long-enough-secret");
        assertThat(probe.get("/api/v1/x").status()).isEqualTo(401);

        kafka.send(Topics.API_USERS, name, new ApiUserChanged(name, hash, Set.of("ANALYST"), true, "admin", Instant.now())).get();
        // signed in: the request gets past security to "no such resource"
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.get("/api/v1/x").status() == 404);

        kafka.send(Topics.API_USERS, name, new ApiUserChanged(name, hash, Set.of("ANALYST"), false, "admin", Instant.now())).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.get("/api/v1/x").status() == 401);
    }

    @Test
    void configuredUsersStillSignIn() {
        assertThat(ServiceProbe.local(port).as("configured", "configured-pass").get("/api/v1/x").status()).isEqualTo(404);
        assertThat(ServiceProbe.local(port).as("configured", "wrong").get("/api/v1/x").status()).isEqualTo(401);
    }
}
