package tech.eclips.workforce.plans.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a plan as its lower-case code, the form the database CHECK constraint accepts. */
@Converter(autoApply = true)
public class PlanConverter implements AttributeConverter<Plan, String> {

  @Override
  public String convertToDatabaseColumn(Plan plan) {
    return plan == null ? null : plan.code();
  }

  @Override
  public Plan convertToEntityAttribute(String code) {
    return code == null
        ? null
        : Plan.fromCode(code)
            .orElseThrow(() -> new IllegalStateException("unknown plan in database"));
  }
}
