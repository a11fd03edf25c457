/** HTTP plumbing for the simulator's APIs: its server, form encoding, JSON answers, request limits. */
package org.tocsin.twiliosim.http;
