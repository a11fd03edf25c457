/** The one-command local stack: embedded infrastructure, the Twilio simulator and the three services as child processes. */
package org.tocsin.localstack;
