package tech.eclips.workforce.breakers.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link CircuitState} as its code, the form the database's CHECK constraint accepts. */
@Converter
public class CircuitStateConverter implements AttributeConverter<CircuitState, String> {

  @Override
  public String convertToDatabaseColumn(CircuitState value) {
    return value == null ? null : value.code();
  }

  @Override
  public CircuitState convertToEntityAttribute(String code) {
    return code == null
        ? null
        : CircuitState.fromCode(code)
            .orElseThrow(
                () -> new IllegalStateException("unknown CircuitState in database: " + code));
  }
}
