/** Twilio: SMS and WhatsApp through the official Twilio Java SDK. */
package org.tocsin.gateway.twilio;
