/** How an SMS body is encoded and how many billable segments it takes. */
package org.tocsin.contracts.sms;
