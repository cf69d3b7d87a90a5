package org.eventsourcing4j.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches unless {@code eventsourcing4j.store=memory}: the store then goes on the DataSource if there is one. */
final class OnDurableStore extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String store = context.getEnvironment().getProperty("eventsourcing4j.store", "auto").strip();
        return store.equalsIgnoreCase("memory")
                ? ConditionOutcome.noMatch("eventsourcing4j.store=memory")
                : ConditionOutcome.match("eventsourcing4j.store=" + store);
    }
}
