package org.eventsourcing4j.shredding;

/**
 * A value is encrypted for a subject the key store has no key for, and which it never
 * forgot: the key store is not the one the events were written with, or it lost a row.
 * Not the same as a forgotten subject, whose values read as {@link PersonalDataSchema#ERASED}.
 */
public class MissingDataKeyException extends ShreddingException {
    private static final long serialVersionUID = 1L;

    private final String subject;

    public MissingDataKeyException(String subject, String where) {
        super("no data key for subject '" + subject + "' (" + where + "), and the subject was never forgotten;"
                + " is this the key store the events were written with?", null);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
