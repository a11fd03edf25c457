package org.tocsin.testkit;

import java.lang.reflect.Method;
import java.util.List;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Turns the embedded servers' INFO chatter down to WARN when the backend is Logback (the services'),
 * without a compile dependency on it. A level someone configured explicitly is left alone.
 */
final class LogNoise {

    private static final List<String> CHATTY = List.of("org.apache.kafka", "kafka", "state.change.logger",
            "io.zonky.test.db.postgres");

    private LogNoise() {
    }

    static void quietEmbeddedServers() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            return;
        }
        try {
            Class<?> levelType = Class.forName("ch.qos.logback.classic.Level", true, factory.getClass().getClassLoader());
            Object warn = levelType.getField("WARN").get(null);
            for (String name : CHATTY) {
                Object logger = factory.getLogger(name);
                Method getLevel = logger.getClass().getMethod("getLevel");
                if (getLevel.invoke(logger) == null) {
                    logger.getClass().getMethod("setLevel", levelType).invoke(logger, warn);
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // another Logback shape: leave the levels as they are
        }
    }
}
