/** Sending: outbound lanes consumed separately, checked and throttled in one Redis call, sent under bounded concurrency. */
package org.tocsin.gateway.send;
