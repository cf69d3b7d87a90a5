/** JMH benchmarks and side-by-side harnesses. */
package org.eventsourcing4j.benchmarks;
