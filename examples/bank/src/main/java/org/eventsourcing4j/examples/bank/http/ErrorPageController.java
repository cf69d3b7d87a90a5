package org.eventsourcing4j.examples.bank.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The servlet container's error page ({@code /error}): what fails before Spring MVC could
 * answer (a filter, the container refusing a request) is a problem too, never an HTML page.
 */
@Controller
public class ErrorPageController implements ErrorController {

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : 500;
        Problem problem = switch (status) {
            case 400 -> Problem.malformed("the request could not be read (its line, headers or path)");
            case 404 -> Problem.notFound("there is no resource at "
                    + Problems.abbreviate(String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))));
            case 413 -> new Problem(413, "body-too-large", "The request body is too large",
                    "the request body must be at most " + RequestBody.MAX_BYTES + " bytes (64 KiB)")
                    .with("maxBytes", RequestBody.MAX_BYTES);
            default -> status >= 400 && status < 500
                    ? new Problem(status, "malformed-request", "The request is malformed", "the request was refused")
                    : ProblemAdvice.internalError();
        };
        ProblemWriter.write(response, problem);
    }
}
