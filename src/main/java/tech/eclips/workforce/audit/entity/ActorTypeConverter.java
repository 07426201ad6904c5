package tech.eclips.workforce.audit.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link ActorType} as its code, the form the database's CHECK constraint accepts. */
@Converter
public class ActorTypeConverter implements AttributeConverter<ActorType, String> {

  @Override
  public String convertToDatabaseColumn(ActorType value) {
    return value == null ? null : value.code();
  }

  @Override
  public ActorType convertToEntityAttribute(String code) {
    return code == null
        ? null
        : ActorType.fromCode(code)
            .orElseThrow(() -> new IllegalStateException("unknown ActorType in database: " + code));
  }
}
