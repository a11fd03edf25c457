/** Publishing the gateway's events to Kafka, synchronously: an event is only "done" once the broker has it. */
package org.tocsin.gateway.events;
