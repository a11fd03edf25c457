/** Urgent actions: drafted, previewed, approved, triggered (now or at their time), cancelled; the /api/v1/alerts API. */
package org.tocsin.dispatch.alert;
