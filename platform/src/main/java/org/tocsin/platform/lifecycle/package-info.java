/** Process lifecycle: a service started by the local stack never outlives it. */
package org.tocsin.platform.lifecycle;
