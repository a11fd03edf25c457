/** Provider-neutral webhook plumbing: each provider message id is processed once, and only acknowledged once durable. */
package org.tocsin.gateway.webhook;
