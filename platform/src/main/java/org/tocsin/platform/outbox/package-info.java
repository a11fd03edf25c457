/** Transactional outbox: an event commits with the change it announces, then is relayed to Kafka. */
package org.tocsin.platform.outbox;
