/** Delivery rows: moved by the gateway's status reports, cancelled with their action, expired when stuck. */
package org.tocsin.dispatch.delivery;
