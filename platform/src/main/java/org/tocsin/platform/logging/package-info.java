/** Logging that never writes a supporter's full phone number. */
package org.tocsin.platform.logging;
