/** What the service texts back (confirmations, help, hints, thanks) and in which language. */
package org.tocsin.subscriber.outgoing;
