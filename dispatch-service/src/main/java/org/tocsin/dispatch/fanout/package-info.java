/** Turns a triggered action into one OutboundMessageRequested per recipient, page by page, resumable. */
package org.tocsin.dispatch.fanout;
