package org.eventsourcing4j.examples.bank.http;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error as an RFC 9457 problem ({@link ProblemDetail}, {@code application/problem+json}):
 * the type {@code /problems/<slug>} listed in docs/bank.md, a title per type, the status, a
 * detail for this occurrence and extension members such as {@code field}. Spring's own
 * refusals (no such resource, a method a resource does not take) get the API's types too;
 * anything unexpected is a bare 500 whose stack trace goes to the log only.
 */
@RestControllerAdvice
public class ProblemAdvice {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(NoHandlerFoundException.class)
    ResponseEntity<ProblemDetail> noHandler(HttpServletRequest request) {
        return answer(noResource(request));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return answer(noResource(request));
    }

    /** 405 naming the methods the resource takes, in {@code Allow} too; metered under the resource's route. */
    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        Set<HttpMethod> supported = e.getSupportedHttpMethods();
        Set<String> allowed = new TreeSet<>();
        if (supported != null) {
            supported.forEach(method -> allowed.add(method.name()));
        }
        String allow = String.join(", ", allowed);
        HttpMetricsFilter.routeOfRefusedMethod(request);
        return answer(new Problem(405, "method-not-allowed", "Method not allowed",
                Problems.abbreviate(request.getRequestURI()) + " takes " + allow + ", not " + e.getMethod())
                .withHeader("Allow", allow));
    }

    @ExceptionHandler(Throwable.class)
    ResponseEntity<ProblemDetail> anything(Throwable error, HttpServletRequest request) {
        Problem problem = Problems.of(error);
        if (problem == null) {
            LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), error);
            problem = internalError();
        } else if (problem.status() >= 500) {
            LOG.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), error.toString());
        }
        return answer(problem);
    }

    static Problem internalError() {
        return new Problem(500, "internal-error", "Internal server error",
                "the request failed unexpectedly; the server log has the details");
    }

    private static Problem noResource(HttpServletRequest request) {
        return Problem.notFound("there is no resource at " + Problems.abbreviate(request.getRequestURI()));
    }

    static ResponseEntity<ProblemDetail> answer(Problem problem) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        problem.headers().forEach(response::header);
        return response.body(detail(problem));
    }

    static ProblemDetail detail(Problem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(problem.status()), problem.detail());
        detail.setType(URI.create(problem.type()));
        detail.setTitle(problem.title());
        problem.extensions().forEach(detail::setProperty);
        return detail;
    }
}
