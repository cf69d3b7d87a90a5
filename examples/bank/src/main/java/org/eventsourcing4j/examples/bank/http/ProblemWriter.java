package org.eventsourcing4j.examples.bank.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a problem where Spring MVC's message converters do not run: in a filter, on the
 * servlet container's error page. The same members, in the same order, as {@link ProblemAdvice}'s.
 */
final class ProblemWriter {
    private ProblemWriter() {
    }

    static void write(HttpServletResponse response, Problem problem) throws IOException {
        byte[] bytes = json(problem);
        response.setStatus(problem.status());
        problem.headers().forEach(response::setHeader);
        response.setContentType("application/problem+json");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** The problem as JSON text and a newline. */
    static byte[] json(Problem problem) {
        ObjectNode body = Json.object()
                .put("type", problem.type())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail());
        problem.extensions().forEach((name, value) -> body.set(name, Json.MAPPER.valueToTree(value)));
        return Json.writeLine(body);
    }
}
