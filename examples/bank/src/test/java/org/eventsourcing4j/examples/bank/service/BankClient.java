package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of the bank's HTTP API for tests: real requests over a socket, JSON answers as trees. */
final class BankClient {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    BankClient(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    /** POSTs {@code json} as application/json. */
    HttpResponse<String> post(String path, String json, String... headers) {
        HttpRequest.Builder request = request(path, headers);
        if (!hasHeader(headers, "Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    /** Opens an account and returns its id; fails the test unless the answer is 201. */
    String open(String email, String name, String currency) {
        String body = currency == null
                ? "{\"email\":\"" + email + "\",\"name\":\"" + name + "\"}"
                : "{\"email\":\"" + email + "\",\"name\":\"" + name + "\",\"currency\":\"" + currency + "\"}";
        HttpResponse<String> response = post("/accounts", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").stringValue();
    }

    HttpResponse<String> deposit(String id, String amount) {
        return post("/accounts/" + id + "/deposits", "{\"amount\":\"" + amount + "\"}");
    }

    HttpResponse<String> withdraw(String id, String amount) {
        return post("/accounts/" + id + "/withdrawals", "{\"amount\":\"" + amount + "\"}");
    }

    /** The account from {@code GET /accounts/{id}}; fails the test unless the answer is 200. */
    JsonNode account(String id) {
        HttpResponse<String> response = get("/accounts/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static boolean hasHeader(String[] headers, String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
