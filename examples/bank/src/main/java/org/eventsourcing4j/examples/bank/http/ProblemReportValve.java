package org.eventsourcing4j.examples.bank.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report for what it refuses itself, before any servlet runs — a request line
 * or a path it cannot decode (a malformed percent-escape), headers too large — as a problem
 * document instead of Tomcat's HTML page. Errors the application answers are already
 * written (by {@link ProblemAdvice}) when this runs, and are left alone.
 */
public final class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        Problem problem = status >= 500 ? ProblemAdvice.internalError()
                : switch (status) {
                    case 404 -> Problem.notFound("there is no resource at this path");
                    case 413 -> new Problem(413, "body-too-large", "The request is too large",
                            "the request's headers or body are larger than the service takes");
                    default -> new Problem(status, "malformed-request", "The request is malformed",
                            "the request line, a header or the path could not be read"
                                    + " (a malformed percent-escape, a character not allowed)");
                };
        byte[] body = ProblemWriter.json(problem);
        try {
            response.setContentType("application/problem+json");
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            out.flush();
        } catch (IOException | IllegalStateException e) {
            // The client went away: nothing left to answer.
        }
    }
}
