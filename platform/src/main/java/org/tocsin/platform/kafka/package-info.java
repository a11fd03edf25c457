/** Kafka plumbing shared by the services: event (de)serialisation, topic declarations, health. */
package org.tocsin.platform.kafka;
