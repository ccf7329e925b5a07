package io.weir.web.api;

/**
 * An API error answered as Airflow's problem JSON: {@code type}, {@code title}, {@code status}, {@code detail}.
 *
 * @param kind Airflow's name of the error class: BadRequest, Unauthenticated, PermissionDenied, NotFound, ...
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String kind;
    private final String title;

    public ApiProblem(int status, String kind, String title, String detail) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.title = title;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "BadRequest", "Bad request", detail);
    }

    public static ApiProblem notFound(String title, String detail) {
        return new ApiProblem(404, "NotFound", title, detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "AlreadyExists", "Already exists", detail);
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }
}
