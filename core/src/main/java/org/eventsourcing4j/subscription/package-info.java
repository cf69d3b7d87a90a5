/** Following the global log from a checkpoint: checkpoint stores. */
package org.eventsourcing4j.subscription;
