/** Dispatch's replica of who may be texted per list, built from ConsentChanged, and the audience queries on it. */
package org.tocsin.dispatch.consent;
