package org.eventsourcing4j.examples.bank.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/** Checks of command input that do not depend on an account's state. Each returns the normalized value. */
final class AccountRules {
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_REASON_LENGTH = 500;
    /** Larger amounts are refused: no real transfer is that big, and it keeps events small. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000000");

    private static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    private AccountRules() {
    }

    /** A plain ASCII address {@code local@domain.tld}: local part at most 64 characters, whole at most 254. */
    static String email(String email) {
        if (email == null || email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()
                || email.indexOf('@') > 64) {
            throw invalid(AccountRule.INVALID_EMAIL, "invalid email " + quote(email)
                    + ": expected an address like name@example.com of at most " + MAX_EMAIL_LENGTH + " characters");
        }
        return email;
    }

    /** Surrounding whitespace removed; then 1 to 100 characters, no control characters. */
    static String name(String name) {
        return text(name, "name", MAX_NAME_LENGTH, AccountRule.INVALID_NAME);
    }

    /** Surrounding whitespace removed; then 1 to 500 characters, no control characters. */
    static String reason(String reason) {
        return text(reason, "reason", MAX_REASON_LENGTH, AccountRule.INVALID_REASON);
    }

    /** An ISO 4217 code, upper case, of a currency with minor units (not XAU, XXX, ...). */
    static Currency currency(String code) {
        Currency currency = null;
        if (code != null && CURRENCY_CODE.matcher(code).matches()) {
            try {
                currency = Currency.getInstance(code);
            } catch (IllegalArgumentException unknown) {
                currency = null;
            }
        }
        if (currency == null || currency.getDefaultFractionDigits() < 0) {
            throw invalid(AccountRule.INVALID_CURRENCY, "invalid currency " + quote(code)
                    + ": expected an ISO 4217 code of a currency with minor units, like USD or EUR");
        }
        return currency;
    }

    /** Positive, at most the currency's minor-unit decimals and below {@link #MAX_AMOUNT}; returned at that scale. */
    static BigDecimal amount(BigDecimal amount, Currency currency) {
        if (amount == null || amount.signum() <= 0) {
            throw invalid(AccountRule.AMOUNT_NOT_POSITIVE, "the amount must be positive, got "
                    + (amount == null ? "none" : amount.toPlainString()));
        }
        int digits = currency.getDefaultFractionDigits();
        if (amount.stripTrailingZeros().scale() > digits) {
            throw invalid(AccountRule.TOO_MANY_DECIMALS, "the amount " + amount.toPlainString() + " has more than "
                    + digits + " decimals, the most " + currency.getCurrencyCode() + " allows");
        }
        if (amount.compareTo(MAX_AMOUNT) >= 0) {
            throw invalid(AccountRule.AMOUNT_TOO_LARGE, "the amount " + amount.toPlainString()
                    + " is too large; it must be below " + MAX_AMOUNT.toPlainString());
        }
        return amount.setScale(digits);
    }

    private static String text(String value, String what, int maxLength, AccountRule rule) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty()) {
            throw invalid(rule, "the " + what + " must not be empty");
        }
        if (stripped.codePointCount(0, stripped.length()) > maxLength) {
            throw invalid(rule, "the " + what + " must be at most " + maxLength + " characters long");
        }
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c)
                    && i + 1 < stripped.length() && Character.isLowSurrogate(stripped.charAt(++i)));
            if (Character.isISOControl(c) || loneSurrogate) {
                throw invalid(rule, "the " + what + " must not contain control characters or broken Unicode");
            }
        }
        return stripped;
    }

    private static InvalidAccountRequestException invalid(AccountRule rule, String message) {
        return new InvalidAccountRequestException(rule, message);
    }

    private static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        return value.length() <= 60 ? "'" + value + "'" : "'" + value.substring(0, 57) + "...'";
    }
}
