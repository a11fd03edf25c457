/** Who may call Tocsin's APIs: HTTP Basic users with COORDINATOR, ANALYST and ADMIN roles. */
package org.tocsin.platform.security;
