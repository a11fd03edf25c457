/** Urgent actions and their lifecycle, audience fan-out, delivery tracking and analytics. */
package org.tocsin.dispatch;
