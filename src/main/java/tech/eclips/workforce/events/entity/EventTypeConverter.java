package tech.eclips.workforce.events.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an {@link EventType} as its code, the form the database's CHECK constraint accepts. */
@Converter
public class EventTypeConverter implements AttributeConverter<EventType, String> {

  @Override
  public String convertToDatabaseColumn(EventType value) {
    return value == null ? null : value.code();
  }

  @Override
  public EventType convertToEntityAttribute(String code) {
    return code == null
        ? null
        : EventType.fromCode(code)
            .orElseThrow(() -> new IllegalStateException("unknown EventType in database: " + code));
  }
}
