/**
 * The seed's bank-account domain: the {@link org.eventsourcing4j.examples.bank.domain.Account}
 * aggregate, its events and its typed rule violations.
 */
package org.eventsourcing4j.examples.bank.domain;
