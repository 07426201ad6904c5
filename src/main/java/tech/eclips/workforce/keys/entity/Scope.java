package tech.eclips.workforce.keys.entity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What a key may do (CONTRACT §3). No wildcard: a key lists each scope it needs. */
public enum Scope {
  RUNS_READ("runs:read"),
  RUNS_WRITE("runs:write"),
  TRIAGE_READ("triage:read"),
  TRIAGE_WRITE("triage:write"),
  DOCUMENTS_READ("documents:read"),
  DOCUMENTS_WRITE("documents:write"),
  CREDITS_READ("credits:read"),
  AUDIT_READ("audit:read"),
  EVENTS_READ("events:read");

  private final String code;

  Scope(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Scope> fromCode(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }

  /** The stored form: codes separated by single spaces, in declaration order. */
  public static String join(Set<Scope> scopes) {
    return scopes.stream().sorted().map(Scope::code).collect(Collectors.joining(" "));
  }

  public static Set<Scope> split(String stored) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String code : stored.split(" ")) {
      fromCode(code).ifPresent(scopes::add);
    }
    return scopes;
  }

  /** The scopes that only read ({@code …:read}): what a quarantined key keeps. */
  public static Set<Scope> readOnly(Set<Scope> scopes) {
    Set<Scope> kept = EnumSet.noneOf(Scope.class);
    scopes.stream().filter(s -> s.code.endsWith(":read")).forEach(kept::add);
    return kept;
  }
}
