/**
 * Crypto-shredding of personal data: event fields declared personal
 * ({@link org.eventsourcing4j.shredding.PersonalDataSchema}) are encrypted per data subject by
 * {@link org.eventsourcing4j.shredding.ShreddingEventCodec} with AES-256-GCM under a data key
 * ({@link org.eventsourcing4j.shredding.DataKeys}) kept in a
 * {@link org.eventsourcing4j.shredding.DataKeyStore}, wrapped under the application's
 * {@link org.eventsourcing4j.shredding.KeyEncryptionKey}. Forgetting a subject destroys its
 * data key: its fields then read as {@link org.eventsourcing4j.shredding.PersonalDataSchema#ERASED}.
 * See docs/compliance.md.
 */
package org.eventsourcing4j.shredding;
