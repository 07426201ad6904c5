package tech.eclips.workforce.json;

/**
 * A member of a closed set (a run's status, a scope, a plan) with the one text it has on the wire
 * and in the database. The JSON writers write that code.
 */
public interface Coded {

  String code();
}
