/** How dispatch consumes events: readable-or-skipped records, batches applied in one transaction, retries. */
package org.tocsin.dispatch.kafka;
