package org.eventsourcing4j.store;

import org.eventsourcing4j.support.Text;

/**
 * Who asks for a hard delete and why (a ticket, a legal basis). Kept in the audit record.
 *
 * @param requestedBy the operator or process, e.g. {@code "dpo@example.com"}; not blank
 * @param reason      e.g. {@code "GDPR art. 17 request #4711"}; not blank
 */
public record ErasureRequest(String requestedBy, String reason) {

    public ErasureRequest {
        Text.identifier(requestedBy, "requested by", 200);
        Text.identifier(reason, "erasure reason", 1000);
    }
}
