package org.eventsourcing4j.spring.boot.autoconfigure;

import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.spring.boot.EventTypes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The event type registry, from every {@link EventTypes} bean, and the Jackson codec on it.
 * Each backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "eventsourcing4j.enabled", matchIfMissing = true)
public class EventSerializationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventTypeRegistry eventsourcing4jEventTypeRegistry(ObjectProvider<EventTypes> types) {
        EventTypeRegistry.Builder registry = EventTypeRegistry.builder();
        types.orderedStream().forEach(module -> module.registerTo(registry));
        return registry.build();
    }

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventsourcing4jEventCodec(EventTypeRegistry registry) {
        return new JacksonEventCodec(registry);
    }
}
