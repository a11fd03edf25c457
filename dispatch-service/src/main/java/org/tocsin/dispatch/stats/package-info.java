/** The funnel of an urgent action (targeted → sent → delivered → replied, opt-outs, reply times), from its rows. */
package org.tocsin.dispatch.stats;
