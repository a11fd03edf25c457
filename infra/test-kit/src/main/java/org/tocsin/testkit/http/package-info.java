/** A small HTTP client for black-box tests of the services' public surfaces. */
package org.tocsin.testkit.http;
