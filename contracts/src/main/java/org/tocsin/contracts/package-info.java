/** Events that Tocsin's services exchange over Kafka, and the topics that carry them. */
package org.tocsin.contracts;
