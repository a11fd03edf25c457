/** What every Tocsin service shares: log masking, Redis, Kafka serialisation, security, lifecycle. */
package org.tocsin.platform;
