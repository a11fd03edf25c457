/**
 * Twilio's Messages resource: sending, fetching and listing messages, per-sender rate limits,
 * and the simulated delivery that follows a send (status changes and signed status callbacks).
 */
package org.tocsin.twiliosim.messages;
