/** Supporter lists, each with a keyword that joins it, announced to the other services as ListChanged. */
package org.tocsin.subscriber.list;
