/** API users managed by ADMINs, announced to every service. */
package org.tocsin.subscriber.user;
