/** Test helpers for the gateway: a Kafka topic recorder, a Twilio fault proxy, signed webhook posts. */
package org.tocsin.gateway.support;
