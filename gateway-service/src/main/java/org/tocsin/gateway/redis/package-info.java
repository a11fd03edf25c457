/** Redis helpers of the gateway: Lua scripts run as one atomic call. */
package org.tocsin.gateway.redis;
