package org.tocsin.gateway.provider;

/** The provider could not be asked about past messages (network, outage): the answer is unknown, not "none". */
public class ProviderLookupException extends RuntimeException {

    public ProviderLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
