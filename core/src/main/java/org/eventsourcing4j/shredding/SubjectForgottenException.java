package org.eventsourcing4j.shredding;

/**
 * New personal data for a subject that was forgotten: refused, since its key is gone and a
 * new one would make the erasure look undone. Give the new data a new subject.
 */
public class SubjectForgottenException extends ShreddingException {
    private static final long serialVersionUID = 1L;

    private final String subject;

    public SubjectForgottenException(String subject) {
        super("subject '" + subject + "' was forgotten; no new personal data is encrypted for it", null);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
