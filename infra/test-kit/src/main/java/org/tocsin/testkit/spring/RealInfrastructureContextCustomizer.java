package org.tocsin.testkit.spring;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.testkit.TestInfrastructure;

/**
 * Adds the shared infrastructure's addresses to a context that is being created, with a database and a
 * Redis key prefix of its own. Equal for the same test class, so Spring's context cache reuses the context
 * within that class (and its nested classes) and each other class gets a fresh one.
 */
final class RealInfrastructureContextCustomizer implements ContextCustomizer {

    static final String PROPERTY_SOURCE_NAME = "tocsinRealInfrastructure";

    private final Class<?> testClass;

    RealInfrastructureContextCustomizer(Class<?> testClass) {
        this.testClass = testClass;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        Infrastructure infrastructure = TestInfrastructure.shared();
        String contextId = TestInfrastructure.uniqueName(testClass.getSimpleName());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers());
        properties.put("spring.datasource.url", infrastructure.createDatabase(contextId));
        properties.put("spring.datasource.username", infrastructure.postgresUsername());
        properties.put("spring.datasource.password", infrastructure.postgresPassword());
        properties.put("tocsin.redis.url", "redis://" + infrastructure.redisHost() + ":" + infrastructure.redisPort());
        properties.put("tocsin.redis.key-prefix", contextId + ":");
        properties.put("tocsin.test-infra.mode", infrastructure.mode());
        properties.put("tocsin.test-infra.context-id", contextId);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
        // its Kafka consumers must stop before the broker does when the JVM exits
        TestInfrastructure.closeBeforeShutdown(context);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RealInfrastructureContextCustomizer customizer && customizer.testClass == testClass;
    }

    @Override
    public int hashCode() {
        return testClass.hashCode();
    }

    @Override
    public String toString() {
        return "RealInfrastructureContextCustomizer[" + testClass.getName() + "]";
    }
}
