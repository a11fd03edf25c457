package org.tocsin.subscriber.api;

/** Answered with 404 problem+json. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
