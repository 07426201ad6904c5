package tech.eclips.workforce.problems.control;

/** One thing wrong with one field of a request. */
public record FieldError(String field, String message) {}
