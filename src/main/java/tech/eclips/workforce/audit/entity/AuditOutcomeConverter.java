package tech.eclips.workforce.audit.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link AuditOutcome} as its code, the form the database's CHECK constraint accepts. */
@Converter
public class AuditOutcomeConverter implements AttributeConverter<AuditOutcome, String> {

  @Override
  public String convertToDatabaseColumn(AuditOutcome value) {
    return value == null ? null : value.code();
  }

  @Override
  public AuditOutcome convertToEntityAttribute(String code) {
    return code == null
        ? null
        : AuditOutcome.fromCode(code)
            .orElseThrow(
                () -> new IllegalStateException("unknown AuditOutcome in database: " + code));
  }
}
