/** Twilio's built-in opt-out: STOP and its synonyms block a sender, START lifts the block. */
package org.tocsin.twiliosim.optout;
