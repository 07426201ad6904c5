package tech.eclips.workforce.triage.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link TriageStatus} as its code, the form the database's CHECK constraint accepts. */
@Converter
public class TriageStatusConverter implements AttributeConverter<TriageStatus, String> {

  @Override
  public String convertToDatabaseColumn(TriageStatus value) {
    return value == null ? null : value.code();
  }

  @Override
  public TriageStatus convertToEntityAttribute(String code) {
    return code == null
        ? null
        : TriageStatus.fromCode(code)
            .orElseThrow(
                () -> new IllegalStateException("unknown TriageStatus in database: " + code));
  }
}
