/** Replies to urgent actions: who got which action, which replies are responses, and the thanks. */
package org.tocsin.subscriber.reply;
