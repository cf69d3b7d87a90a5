package org.eventsourcing4j.kafka;

import org.eventsourcing4j.testkit.publishing.BrokerChannel;
import org.eventsourcing4j.testkit.publishing.PublisherContract;

/** The publisher contract on a real KRaft broker, each test on a topic of its own. */
class KafkaPublisherContractTest extends PublisherContract {

    @Override
    protected BrokerChannel openChannel(String label, int maxMessageBytes) {
        return KafkaChannel.create(KafkaTestBroker.shared(), label, maxMessageBytes);
    }
}
