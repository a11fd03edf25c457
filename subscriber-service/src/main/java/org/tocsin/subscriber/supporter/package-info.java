/** Supporters: who they are (phone, name, language) and how coordinators find them. */
package org.tocsin.subscriber.supporter;
