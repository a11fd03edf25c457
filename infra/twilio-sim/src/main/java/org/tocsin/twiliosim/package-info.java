/**
 * A Twilio-compatible SMS simulator for tests and the local stack: start it with
 * {@link org.tocsin.twiliosim.TwilioSimulator#start}, or run {@link org.tocsin.twiliosim.TwilioSimulatorMain}.
 */
package org.tocsin.twiliosim;
