/** The lists that exist, learnt from ListChanged events, so an action to an unknown list is refused. */
package org.tocsin.dispatch.list;
