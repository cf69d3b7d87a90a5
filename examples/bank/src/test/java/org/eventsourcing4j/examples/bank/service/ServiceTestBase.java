package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.eventsourcing4j.examples.bank.BankService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

/** Starts a service on the subclass's store before each test and closes it after. */
abstract class ServiceTestBase {
    protected BankService service;
    protected BankClient client;

    /** The store the tests run on; called once per test, before it starts. */
    protected abstract BankFixture fixture();

    @BeforeEach
    void startService() {
        service = fixture().start(BankFixture.testConfig());
        client = new BankClient(service.baseUri());
    }

    @AfterEach
    void stopService() {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            fixture().close();
        }
    }

    /** Restarts the service on the same data, as a new process would. */
    protected void restart() {
        service.close();
        service = fixture().start(BankFixture.testConfig());
        client = new BankClient(service.baseUri());
    }

    /** Asserts an RFC 9457 problem answer and returns its body. */
    static JsonNode assertProblem(HttpResponse<String> response, int status, String type, String detailContains) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = BankClient.json(response);
        assertThat(problem.get("type").stringValue()).isEqualTo(type);
        assertThat(problem.get("title").stringValue()).isNotBlank();
        assertThat(problem.get("status").intValue()).isEqualTo(status);
        assertThat(problem.get("detail").stringValue()).containsIgnoringCase(detailContains);
        return problem;
    }
}
