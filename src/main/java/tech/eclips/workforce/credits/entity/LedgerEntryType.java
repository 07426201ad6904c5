package tech.eclips.workforce.credits.entity;

import java.util.Arrays;
import java.util.Optional;
import tech.eclips.workforce.json.Coded;

/** What moved credits: a grant, a debit, a refund of a failed run's debit, or an adjustment. */
public enum LedgerEntryType implements Coded {
  GRANT("grant"),
  DEBIT("debit"),
  REFUND("refund"),
  ADJUSTMENT("adjustment");

  private final String code;

  LedgerEntryType(String code) {
    this.code = code;
  }

  /** The form on the wire and in the database (its CHECK constraint). */
  @Override
  public String code() {
    return code;
  }

  public static Optional<LedgerEntryType> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
