package org.tocsin.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the settings every service shares ({@code tocsin-platform.yml}, and with the {@code demo}
 * profile {@code tocsin-platform-demo.yml}) BELOW everything else: unlike {@code spring.config.import},
 * which would let the shared file win, a service's application.yml and the environment override them.
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    static final String DEFAULTS = "tocsin-platform.yml";
    static final String DEMO = "tocsin-platform-demo.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // first added, first consulted: demo users before the general defaults, both after the application's own
        if (environment.matchesProfiles("demo")) {
            load(DEMO).forEach(environment.getPropertySources()::addLast);
        }
        load(DEFAULTS).forEach(environment.getPropertySources()::addLast);
    }

    private static List<PropertySource<?>> load(String file) {
        try {
            return new YamlPropertySourceLoader().load("tocsin platform defaults (" + file + ")", new ClassPathResource(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " from the platform jar", e);
        }
    }

    // after ConfigDataEnvironmentPostProcessor, so the active profiles are known
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
