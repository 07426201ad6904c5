package tech.eclips.workforce.runs.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link RunStatus} as its code, the form the database's CHECK constraint accepts. */
@Converter
public class RunStatusConverter implements AttributeConverter<RunStatus, String> {

  @Override
  public String convertToDatabaseColumn(RunStatus value) {
    return value == null ? null : value.code();
  }

  @Override
  public RunStatus convertToEntityAttribute(String code) {
    return code == null
        ? null
        : RunStatus.fromCode(code)
            .orElseThrow(() -> new IllegalStateException("unknown RunStatus in database: " + code));
  }
}
