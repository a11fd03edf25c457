/** What every provider adapter offers the gateway, whichever provider is behind it. */
package org.tocsin.gateway.provider;
