package org.tocsin.subscriber;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.tocsin.testkit.spring.RealInfrastructure;

/**
 * The whole service on a random port over real Kafka, PostgreSQL and Redis, with an admin, a
 * coordinator and an analyst (password "secret"). Its context closes after the class: its
 * consumers must not answer other classes' messages on the shared topics.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.consumer.group-id=subscriber-${tocsin.test-infra.context-id}",
        "tocsin.outbox.poll-interval=50ms",
        "tocsin.security.users[0].name=admin",
        "tocsin.security.users[0].password={noop}secret",
        "tocsin.security.users[0].roles=ADMIN",
        "tocsin.security.users[1].name=coordinator",
        "tocsin.security.users[1].password={noop}secret",
        "tocsin.security.users[1].roles=COORDINATOR",
        "tocsin.security.users[2].name=analyst",
        "tocsin.security.users[2].password={noop}secret",
        "tocsin.security.users[2].roles=ANALYST"})
@RealInfrastructure
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public @interface SubscriberServiceTest {
}
