/** HTTP plumbing shared by the simulator's APIs: form encoding, JSON answers, request limits. */
package org.tocsin.twiliosim.http;
