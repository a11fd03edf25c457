/** Spring test support: a context on the shared real infrastructure (a fresh database each), checks of its Kafka listeners. */
package org.tocsin.testkit.spring;
