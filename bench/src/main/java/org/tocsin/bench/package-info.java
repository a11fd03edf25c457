/** Load driver that measures Tocsin's workloads against real Kafka, PostgreSQL, Redis and the Twilio simulator. */
package org.tocsin.bench;
