package org.eventsourcing4j.store;

/**
 * Lists the streams of a store, for operators and their tools: which streams exist, how far
 * each one is, and when it was written to.
 */
public interface StreamCatalog {

    /**
     * One page of the streams whose ids start with the listing's prefix, in the store's order
     * of stream ids (ascending; the same order on every call), after the listing's cursor.
     * Each summary shows the stream as of some moment during the call, never a partly
     * written batch. Cost: a few index lookups per stream listed.
     */
    StreamPage listStreams(StreamListing listing);
}
