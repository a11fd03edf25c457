package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void aFailingServicesLogTailKeepsTheMessagesAndFoldsTheStackFrames() {
        Stream<String> log = Stream.of(
                "12:00:01 INFO Starting SubscriberApplication",
                "12:00:05 ERROR Application run failed",
                "org.springframework.beans.factory.BeanCreationException: Error creating bean 'flyway'",
                "\tat org.springframework.beans.factory.support.AbstractBeanFactory.doGetBean(AbstractBeanFactory.java:1)",
                "\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:2)",
                "Caused by: org.postgresql.util.PSQLException: Connection refused",
                "\tat org.postgresql.Driver.connect(Driver.java:3)",
                "\t... 42 more");

        assertThat(ServiceProcess.tail(log, 4)).containsExactly(
                "org.springframework.beans.factory.BeanCreationException: Error creating bean 'flyway'",
                "\t...",
                "Caused by: org.postgresql.util.PSQLException: Connection refused",
                "\t...");
    }
}
