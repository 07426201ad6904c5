package tech.eclips.workforce.credits.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a {@link LedgerEntryType} as its code, the form the database's CHECK constraint accepts.
 */
@Converter
public class LedgerEntryTypeConverter implements AttributeConverter<LedgerEntryType, String> {

  @Override
  public String convertToDatabaseColumn(LedgerEntryType value) {
    return value == null ? null : value.code();
  }

  @Override
  public LedgerEntryType convertToEntityAttribute(String code) {
    return code == null
        ? null
        : LedgerEntryType.fromCode(code)
            .orElseThrow(
                () -> new IllegalStateException("unknown LedgerEntryType in database: " + code));
  }
}
