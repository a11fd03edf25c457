package org.tocsin.dispatch.api;

/**
 * One bad input value, named as the client sent it ({@code body}, {@code listIds[1]}, header names too).
 *
 * @param field   the request field, parameter or header
 * @param message what is wrong with it
 */
public record FieldProblem(String field, String message) {
}
