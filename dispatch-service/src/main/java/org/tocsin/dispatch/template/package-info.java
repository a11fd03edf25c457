/** Urgent-action bodies with {{first_name}}-style placeholders: checked when drafted, filled per recipient. */
package org.tocsin.dispatch.template;
