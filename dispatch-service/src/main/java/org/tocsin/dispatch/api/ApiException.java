package org.tocsin.dispatch.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/** An answer other than success, turned into application/problem+json by {@link ApiProblems}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldProblem> errors;

    public ApiException(HttpStatus status, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public ApiException(HttpStatus status, String detail) {
        this(status, detail, List.of());
    }

    /** 400 naming every bad field. */
    public static ApiException badInput(List<FieldProblem> errors) {
        String fields = String.join(", ", errors.stream().map(FieldProblem::field).distinct().toList());
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid " + fields + ".", errors);
    }

    /** 400 naming one bad field. */
    public static ApiException badInput(String field, String message) {
        return badInput(List.of(new FieldProblem(field, message)));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
