/** Webhooks the simulator sends (inbound messages, status callbacks), signed as Twilio signs them. */
package org.tocsin.twiliosim.webhook;
