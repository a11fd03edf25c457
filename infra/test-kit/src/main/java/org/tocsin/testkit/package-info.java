/** Real Kafka, PostgreSQL and Redis for tests and the local stack: embedded without Docker, or in containers. */
package org.tocsin.testkit;
