package org.tocsin.subscriber.api;

/** Bad input: answered with 400 problem+json naming {@code field}. */
public class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
