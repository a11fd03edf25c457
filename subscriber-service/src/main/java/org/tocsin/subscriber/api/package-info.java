/** What every API of the service shares: problem+json errors naming the field, roles, phone masking. */
package org.tocsin.subscriber.api;
