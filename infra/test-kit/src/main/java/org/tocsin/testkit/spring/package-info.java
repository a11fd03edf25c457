/** Points a Spring test context at the shared real infrastructure, with a fresh database per context. */
package org.tocsin.testkit.spring;
