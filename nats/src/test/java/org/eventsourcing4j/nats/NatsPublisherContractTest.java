package org.eventsourcing4j.nats;

import org.eventsourcing4j.testkit.publishing.BrokerChannel;
import org.eventsourcing4j.testkit.publishing.PublisherContract;

/** The publisher contract on the shared NATS server (127.0.0.1:4222), each test on a JetStream stream of its own. */
class NatsPublisherContractTest extends PublisherContract {

    @Override
    protected BrokerChannel openChannel(String label, int maxMessageBytes) {
        return NatsChannel.create(NatsTestServer.SHARED_URL, label, maxMessageBytes);
    }
}
