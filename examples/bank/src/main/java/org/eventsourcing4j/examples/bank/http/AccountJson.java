package org.eventsourcing4j.examples.bank.http;

import java.util.Locale;
import org.eventsourcing4j.examples.bank.readmodel.AccountView;
import org.eventsourcing4j.store.RecordedEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/** The JSON shapes of accounts and stored events. Amounts are strings at the currency's scale. */
final class AccountJson {
    private AccountJson() {
    }

    static ObjectNode account(AccountView view) {
        return Json.object()
                .put("id", view.id())
                .put("email", view.email())
                .put("name", view.name())
                .put("balance", view.balance().toPlainString())
                .put("currency", view.currency().getCurrencyCode())
                .put("status", view.status().name().toLowerCase(Locale.ROOT))
                .put("version", view.version())
                .put("updatedAt", view.updatedAt().toString());
    }

    /** A stored event as recorded: envelope, schema revision, payload as stored, metadata. */
    static ObjectNode event(RecordedEvent event) {
        ObjectNode json = Json.object()
                .put("eventId", event.eventId().toString())
                .put("type", event.type())
                .put("version", event.version())
                .put("position", event.position())
                .put("logPosition", event.logPosition().asString())
                .put("timestamp", event.recordedAt().toString())
                .put("revision", event.revision());
        try {
            json.set("data", Json.MAPPER.readTree(event.data()));
        } catch (JacksonException e) {
            json.put("data", event.dataAsString());
        }
        ObjectNode metadata = json.putObject("metadata");
        event.metadata().correlation().ifPresent(id -> metadata.put("correlationId", id));
        event.metadata().causation().ifPresent(id -> metadata.put("causationId", id));
        ObjectNode headers = metadata.putObject("headers");
        event.metadata().headers().forEach(headers::put);
        return json;
    }
}
