package tech.eclips.workforce.tenancy.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.UUID;

/**
 * For nullable uuid columns: EclipseLink 4.0.9's built-in UUID converter throws on a NULL column
 * value. The PostgreSQL driver reads and writes {@link UUID} natively, so this only passes values
 * through.
 */
@Converter
public class NullableUuidConverter implements AttributeConverter<UUID, Object> {

  @Override
  public Object convertToDatabaseColumn(UUID value) {
    return value;
  }

  @Override
  public UUID convertToEntityAttribute(Object value) {
    if (value == null || value instanceof UUID) {
      return (UUID) value;
    }
    return UUID.fromString(value.toString());
  }
}
