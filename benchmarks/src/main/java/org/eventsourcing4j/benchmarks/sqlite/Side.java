package org.eventsourcing4j.benchmarks.sqlite;

/**
 * One contender of the side-by-side harness: the event store or the raw-JDBC baseline,
 * each on its own fresh database file with the same pragmas.
 */
interface Side extends AutoCloseable {

    String name();

    /** Appends {@code size} events to stream {@code "writer-" + writer} in one transaction. */
    void append(int writer, int size) throws Exception;

    /** Reads every event of the stream; returns how many. */
    int loadStream(String stream) throws Exception;

    /** Reads the whole global log in pages; returns how many events. */
    long readWholeLog() throws Exception;

    @Override
    void close() throws Exception;

    /** The payload every appended event carries: about 100 bytes of JSON. */
    static String payload(int writer, long n) {
        return "{\"accountId\":\"acc-" + writer + "\",\"amount\":\"" + (n % 1000) + ".25\",\"currency\":\"EUR\","
                + "\"reference\":\"benchmark deposit number " + n + "\"}";
    }
}
