/** The keyword engine: what a supporter's text means (STOP, JOIN, HELP, YES…), with keywords kept as data. */
package org.tocsin.subscriber.keyword;
