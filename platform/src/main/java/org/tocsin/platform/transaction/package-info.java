/** Writes that wait for the end of their transaction, so that many go in one statement. */
package org.tocsin.platform.transaction;
