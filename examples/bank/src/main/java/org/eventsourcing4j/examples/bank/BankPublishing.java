package org.eventsourcing4j.examples.bank;

import io.micrometer.core.instrument.MeterRegistry;
import org.eventsourcing4j.examples.bank.readmodel.AccountProjection;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.kafka.KafkaPublisher;
import org.eventsourcing4j.kafka.KafkaPublisherOptions;
import org.eventsourcing4j.nats.NatsPublisher;
import org.eventsourcing4j.nats.NatsPublisherOptions;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.PublisherHealth;
import org.eventsourcing4j.publishing.PublisherMetrics;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Publishing the account events to a broker, for other services: {@code --publish-kafka
 * BOOTSTRAP} ({@code bank.publish.kafka}, topic {@code bank.publish.kafka-topic}, default
 * {@code bank-accounts}) and {@code --publish-nats URL} ({@code bank.publish.nats}, subjects
 * {@code <bank.publish.nats-prefix>.account.<type>}, default prefix {@code bank}). Each
 * publisher is a projection of the account streams with its checkpoint in the bank's
 * database and the store's lease (one instance publishes, the others stand by), metered
 * ({@code eventsourcing4j_publisher_*}) and in the health ({@code bankKafka}, {@code bankNats}).
 * See docs/brokers.md for the guarantees.
 */
@Configuration(proxyBeanMethods = false)
class BankPublishing {
    static final String KAFKA = "bank-to-kafka";
    static final String NATS = "bank-to-nats";

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty("bank.publish.kafka")
    EventPublisher bankKafkaPublisher(JdbcEventStore store, @Value("${bank.publish.kafka}") String bootstrapServers,
                                      @Value("${bank.publish.kafka-topic:bank-accounts}") String topic,
                                      ObjectProvider<MeterRegistry> meters) {
        EventPublisher publisher = KafkaPublisher.create(store,
                KafkaPublisherOptions.of(bootstrapServers, topic, options(store, KAFKA)));
        meters.ifAvailable(registry -> PublisherMetrics.bind(registry, publisher));
        return publisher;
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty("bank.publish.nats")
    EventPublisher bankNatsPublisher(JdbcEventStore store, @Value("${bank.publish.nats}") String url,
                                     @Value("${bank.publish.nats-prefix:bank}") String prefix,
                                     ObjectProvider<MeterRegistry> meters) {
        EventPublisher publisher = NatsPublisher.create(store, NatsPublisherOptions.of(url, prefix, options(store, NATS)));
        meters.ifAvailable(registry -> PublisherMetrics.bind(registry, publisher));
        return publisher;
    }

    @Bean
    @ConditionalOnProperty("bank.publish.kafka")
    HealthIndicator bankKafkaHealthIndicator(ObjectProvider<EventPublisher> publishers) {
        return () -> health(publishers, KAFKA);
    }

    @Bean
    @ConditionalOnProperty("bank.publish.nats")
    HealthIndicator bankNatsHealthIndicator(ObjectProvider<EventPublisher> publishers) {
        return () -> health(publishers, NATS);
    }

    private static PublisherOptions options(JdbcEventStore store, String name) {
        return PublisherOptions.of(name, store.checkpoints())
                .withFilter(AccountProjection.filter())
                .withLease(store.lease(name));
    }

    /** Down while the broker refuses or cannot be reached (the publisher retries; it never skips). */
    private static Health health(ObjectProvider<EventPublisher> publishers, String name) {
        EventPublisher publisher = publishers.orderedStream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow();
        PublisherHealth health = publisher.health();
        boolean down = health.state() == PublisherHealth.State.STALLED || health.state() == PublisherHealth.State.FAILED;
        Health.Builder builder = down ? Health.down() : Health.up();
        builder.withDetail("state", health.state().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("destination", health.destination())
                .withDetail("acknowledged", health.acknowledged())
                .withDetail("checkpoint", String.valueOf(publisher.status().checkpoint()));
        if (health.lastError() != null) {
            builder.withDetail("lastError", health.lastError());
        }
        return builder.build();
    }
}
