/**
 * JDBC pieces both SQL stores share: transactions as scoped callbacks, SQL error
 * classification by SQLSTATE, checkpoint and dead-letter tables, and the exactly-once
 * projection target for read models in the event store's database.
 */
package org.eventsourcing4j.jdbc;
