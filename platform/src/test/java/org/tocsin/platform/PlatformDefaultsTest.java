package org.tocsin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class PlatformDefaultsTest {

    private static StandardEnvironment environment(Map<String, Object> own, String... profiles) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application.yml", own));
        environment.setActiveProfiles(profiles);
        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void aServiceOwnSettingBeatsThePlatformDefault() {
        var environment = environment(Map.of("spring.kafka.consumer.auto-offset-reset", "latest"));

        assertThat(environment.getProperty("spring.kafka.consumer.auto-offset-reset")).isEqualTo("latest");
        assertThat(environment.getProperty("spring.kafka.consumer.isolation-level")).isEqualTo("read-committed");
        assertThat(environment.getProperty("spring.mvc.problemdetails.enabled")).isEqualTo("true");
    }

    @Test
    void everyConsumerReadsEventsAndSurvivesAnUnreadableRecord() {
        var environment = environment(Map.of());

        assertThat(environment.getProperty("spring.kafka.consumer.value-deserializer"))
                .isEqualTo("org.springframework.kafka.support.serializer.ErrorHandlingDeserializer");
        assertThat(environment.getProperty("spring.kafka.consumer.properties[spring.deserializer.value.delegate.class]"))
                .isEqualTo("org.tocsin.platform.kafka.EventDeserializer");
    }

    @Test
    void demoUsersExistOnlyUnderTheDemoProfile() {
        assertThat(environment(Map.of()).getProperty("tocsin.security.users[0].name")).isNull();
        assertThat(environment(Map.of(), "demo").getProperty("tocsin.security.users[0].name")).isEqualTo("coordinator");
    }
}
