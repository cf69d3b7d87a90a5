package org.eventsourcing4j.benchmarks.sidebyside;

import java.util.function.IntFunction;

/**
 * What a side writes before the rounds, untimed: streams of events, written in batches.
 * Both sides write the same streams, events and batches in the same order, each its own
 * way (the store in appends, the raw side in multi-row INSERTs).
 *
 * @param events       how many events in all
 * @param streamLength events per stream (the last stream may be shorter)
 * @param batchLength  events per append
 * @param streamName   the name of the stream of each index
 * @param bank         whether the events are the bank's account events rather than deposits
 */
record Prepared(int events, int streamLength, int batchLength, IntFunction<String> streamName, boolean bank) {
    private static final int BATCH = 1_000;

    /** One stream of {@code events} deposits. */
    static Prepared stream(String name, int events) {
        return new Prepared(events, events, BATCH, i -> name, false);
    }

    /** The log of scenario E: streams of 1,000 deposits, one after the other. */
    static Prepared log(int events) {
        return new Prepared(events, BATCH, BATCH, i -> "log-" + i, false);
    }

    /**
     * The projection log: the bank's accounts ({@code account-<n>}, its stream names, types
     * and revision, so that its projection applies them) of 1,000 events each, opened and
     * then deposited to, written 100 events at a time one account after the other. A page
     * of the log then touches ten accounts, not one (a busy bank's page touches many), and
     * preparing still takes only one append per 100 events.
     */
    static Prepared accounts(int events) {
        return new Prepared(events, BATCH, 100, i -> "account-" + i, true);
    }

    @FunctionalInterface
    interface Batch<X extends Exception> {
        /** Writes events {@code from .. from + count - 1} (0-based) of stream {@code stream}, whose version is {@code from}. */
        void write(int stream, int from, int count) throws X;
    }

    /** Every batch, in the order to write them: the first batch of every stream, then the second, and so on. */
    <X extends Exception> void forEachBatch(Batch<X> batch) throws X {
        int streams = (events + streamLength - 1) / streamLength;
        for (int from = 0; from < streamLength; from += batchLength) {
            for (int stream = 0; stream < streams; stream++) {
                int length = Math.min(streamLength, events - stream * streamLength);
                if (from < length) {
                    batch.write(stream, from, Math.min(batchLength, length - from));
                }
            }
        }
    }

    String type(int index) {
        return bank ? Payloads.accountEventType(index) : Payloads.DEPOSIT_TYPE;
    }

    String json(int stream, int index) {
        return bank ? Payloads.accountEvent(stream, index) : Payloads.deposit(index);
    }

    int revision() {
        return bank ? Payloads.BANK_REVISION : 1;
    }
}
