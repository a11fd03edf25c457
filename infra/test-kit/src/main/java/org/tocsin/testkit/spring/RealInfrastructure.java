package org.tocsin.testkit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a Spring test class against the shared real Kafka, PostgreSQL and Redis
 * ({@link org.tocsin.testkit.TestInfrastructure#shared()}). Each test class gets its own application context
 * (nested classes share their enclosing class's) with a fresh database and Redis key prefix, set as
 * properties that take precedence over all others:
 * <ul>
 *   <li>{@code spring.kafka.bootstrap-servers}</li>
 *   <li>{@code spring.datasource.url}, {@code spring.datasource.username}, {@code spring.datasource.password}</li>
 *   <li>{@code tocsin.redis.url} ({@code redis://host:port}), {@code tocsin.redis.key-prefix} (ends with {@code :})</li>
 *   <li>{@code tocsin.test-infra.mode} ({@code embedded} or {@code containers})</li>
 *   <li>{@code tocsin.test-infra.context-id}: the context's unique name, also its database's name, e.g. for
 *       consumer group ids or topic names</li>
 * </ul>
 * Kafka topics are shared by all contexts of the JVM: contexts that stay cached keep consuming.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RealInfrastructure {
}
