/** The gateway: provider adapters, signed webhooks in, throttled sends out. */
package org.tocsin.gateway;
