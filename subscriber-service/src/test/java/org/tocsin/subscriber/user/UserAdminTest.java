package org.tocsin.subscriber.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.tocsin.testkit.TestInfrastructure;
import org.tocsin.testkit.http.ServiceProbe;
import org.tocsin.testkit.spring.RealInfrastructure;

/** ADMINs manage API users: a new user can sign in (through the replicated user topic), a disabled one cannot. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.consumer.group-id=subscriber-${tocsin.test-infra.context-id}",
        "tocsin.security.users[0].name=admin",
        "tocsin.security.users[0].password={noop}admin-password",
        "tocsin.security.users[0].roles=ADMIN",
        "tocsin.security.users[1].name=analyst",
        "tocsin.security.users[1].password={noop}analyst-password",
        "tocsin.security.users[1].roles=ANALYST"})
@RealInfrastructure
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class UserAdminTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private ServiceProbe admin() {
        return ServiceProbe.local(port).as("admin", "admin-password");
    }

    @Test
    void anAdminAddsAUserWhoCanSignInUntilDisabled() {
        String name = TestInfrastructure.uniqueName("coord").replace('_', '.');
        var created = admin().postJson("/api/v1/users",
                "{\"name\":\"" + name + "\",\"password\":\"correct horse battery\",\"roles\":[\"COORDINATOR\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("correct horse").doesNotContain("bcrypt");
        assertThat(jdbc.queryForObject("SELECT password_hash FROM api_user WHERE name = ?", String.class, name))
                .startsWith("{bcrypt}");

        var newUser = ServiceProbe.local(port).as(name, "correct horse battery");
        await().atMost(Duration.ofSeconds(20)).until(() -> newUser.get("/api/v1/lists").status() == 200);
        assertThat(newUser.get("/api/v1/users").status()).as("a coordinator does not manage users").isEqualTo(403);

        assertThat(admin().patchJson("/api/v1/users/" + name, "{\"enabled\":false}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> newUser.get("/api/v1/lists").status() == 401);
        assertThat(admin().get("/api/v1/users").body()).contains("\"name\":\"" + name + "\"").contains("\"enabled\":false");
    }

    @Test
    void badUsersAreRefusedNamingTheField() {
        assertThat(admin().postJson("/api/v1/users", "{\"name\":\"ab\",\"password\":\"long enough pass\",\"roles\":[\"ANALYST\"]}").body())
                .contains("\"field\":\"name\"");
        assertThat(admin().postJson("/api/v1/users", "{\"name\":\"shortpass\",\"password\":\"short\",\"roles\":[\"ANALYST\"]}").body())
                .contains("\"field\":\"password\"");
        var noRoles = admin().postJson("/api/v1/users", "{\"name\":\"noroles\",\"password\":\"long enough pass\",\"roles\":[]}");
        assertThat(noRoles.status()).isEqualTo(400);
        assertThat(noRoles.contentType()).startsWith("application/problem+json");
        assertThat(noRoles.body()).contains("\"field\":\"roles\"");
        assertThat(admin().patchJson("/api/v1/users/nobody-here", "{\"enabled\":false}").status()).isEqualTo(404);
    }

    @Test
    void onlyAdminsManageUsers() {
        assertThat(ServiceProbe.local(port).as("analyst", "analyst-password").postJson("/api/v1/users",
                "{\"name\":\"sneaky\",\"password\":\"long enough pass\",\"roles\":[\"ADMIN\"]}").status()).isEqualTo(403);
        assertThat(ServiceProbe.local(port).get("/api/v1/users").status()).isEqualTo(401);
    }
}
