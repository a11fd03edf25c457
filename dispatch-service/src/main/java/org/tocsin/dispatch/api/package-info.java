/** What every dispatch API shares: problem+json errors naming the field, method security by role. */
package org.tocsin.dispatch.api;
