package org.eventsourcing4j.examples.bank.http;

import org.eventsourcing4j.examples.bank.Bank;
import org.eventsourcing4j.examples.bank.readmodel.AccountView;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Answers with JSON written by the service's own mapper ({@link Json}): amounts as exact
 * decimals, a newline at the end. Spring writes the bytes as they are.
 */
final class JsonResponses {
    private JsonResponses() {
    }

    static ResponseEntity<byte[]> json(int status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.writeLine(body));
    }

    /** One account, with {@code ETag: "<version>"}: a strong validator of the account's state. */
    static ResponseEntity<byte[]> account(int status, AccountView account) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .eTag("\"" + account.version() + "\"").body(Json.writeLine(AccountJson.account(account)));
    }

    /** A command's answer; one answered from an earlier run with the same idempotency key says so. */
    static ResponseEntity.BodyBuilder command(int status, Bank.Outcome outcome) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .eTag("\"" + outcome.account().version() + "\"");
        return outcome.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }
}
