/** Redis helpers of the gateway: Lua scripts run as one atomic call, calls from many threads sharing round trips. */
package org.tocsin.gateway.redis;
