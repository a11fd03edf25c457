package org.tocsin.testkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextCustomizer;

class RealInfrastructureContextCustomizerTest {

    private final RealInfrastructureContextCustomizerFactory factory = new RealInfrastructureContextCustomizerFactory();

    @RealInfrastructure
    static class AnnotatedTest {
        @Nested
        class NestedTest {
        }
    }

    static class SubclassTest extends AnnotatedTest {
    }

    @RealInfrastructure
    static class OtherAnnotatedTest {
    }

    static class PlainTest {
    }

    @Test
    void onlyAnnotatedTestClassesAreCustomized() {
        assertThat(factory.createContextCustomizer(PlainTest.class, List.of())).isNull();
        assertThat(factory.createContextCustomizer(AnnotatedTest.class, List.of())).isNotNull();
        assertThat(factory.createContextCustomizer(SubclassTest.class, List.of())).as("inherited").isNotNull();
    }

    @Test
    void equalForTheSameTestClassAndItsNestedClassesOnly() {
        ContextCustomizer annotated = factory.createContextCustomizer(AnnotatedTest.class, List.of());

        assertThat(factory.createContextCustomizer(AnnotatedTest.class, List.of()))
                .isEqualTo(annotated).hasSameHashCodeAs(annotated);
        assertThat(factory.createContextCustomizer(AnnotatedTest.NestedTest.class, List.of()))
                .isEqualTo(annotated).hasSameHashCodeAs(annotated);
        assertThat(factory.createContextCustomizer(OtherAnnotatedTest.class, List.of())).isNotEqualTo(annotated);
        assertThat(factory.createContextCustomizer(SubclassTest.class, List.of())).isNotEqualTo(annotated);
    }

    @Test
    void everyContextCreatedGetsItsOwnDatabaseAndKeyPrefix() throws SQLException {
        ContextCustomizer customizer = factory.createContextCustomizer(AnnotatedTest.class, List.of());

        Environment first = customized(customizer);
        Environment second = customized(customizer);

        assertThat(first.getProperty("spring.datasource.url")).isNotEqualTo(second.getProperty("spring.datasource.url"));
        assertThat(first.getProperty("tocsin.redis.key-prefix")).isNotEqualTo(second.getProperty("tocsin.redis.key-prefix"))
                .startsWith("annotatedtest_").endsWith(":");
        for (Environment environment : List.of(first, second)) {
            try (Connection connection = DriverManager.getConnection(environment.getProperty("spring.datasource.url"),
                    environment.getProperty("spring.datasource.username"),
                    environment.getProperty("spring.datasource.password"))) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }

    private static Environment customized(ContextCustomizer customizer) {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            customizer.customizeContext(context, null);
            assertThat(context.getEnvironment().getPropertySources().iterator().next().getName())
                    .isEqualTo(RealInfrastructureContextCustomizer.PROPERTY_SOURCE_NAME);
            return context.getEnvironment();
        }
    }
}
