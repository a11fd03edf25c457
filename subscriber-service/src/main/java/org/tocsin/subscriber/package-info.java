/** Supporters, lists, the keyword engine, the consent ledger and reply correlation. */
package org.tocsin.subscriber;
