package org.tocsin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

/** At JVM exit the users of the shared infrastructure (Spring contexts) close before it stops. */
class SharedShutdownTest {

    private final List<String> events = new ArrayList<>();

    @Test
    void usersCloseFirstEvenWhenOneFailsThenTheInfrastructureStops() {
        AutoCloseable failing = () -> {
            events.add("failing user");
            throw new IllegalStateException("already broken");
        };
        AutoCloseable user = () -> events.add("user");

        TestInfrastructure.shutDown(new StoppedLast(events), List.of(failing, user));

        assertThat(events).containsExactly("failing user", "user", "infrastructure");
    }

    @Test
    void aSpringContextIsClosedAndClosingItAgainIsHarmless() {
        GenericApplicationContext context = new GenericApplicationContext();
        context.refresh();

        TestInfrastructure.shutDown(new StoppedLast(events), List.of(context, context));

        assertThat(context.isActive()).isFalse();
        assertThat(events).containsExactly("infrastructure");
    }

    /** Records when it is stopped; nothing else is used by shutDown. */
    private record StoppedLast(List<String> events) implements Infrastructure {
        @Override
        public void close() {
            events.add("infrastructure");
        }

        @Override
        public String mode() {
            return "test";
        }

        @Override
        public String kafkaBootstrapServers() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String postgresJdbcUrl(String database) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String postgresUsername() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String postgresPassword() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String createDatabase(String database) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String redisHost() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int redisPort() {
            throw new UnsupportedOperationException();
        }
    }
}
