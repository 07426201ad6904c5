package tech.eclips.workforce.tools;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the database is and which roles use it, read from {@code ECLIPS_DB_*} environment
 * variables. No {@code ECLIPS_DB_HOST} means "start an embedded PostgreSQL".
 */
public record DatabaseSettings(
    String host,
    int port,
    String name,
    Credentials admin,
    Credentials owner,
    Credentials app,
    Credentials platform,
    int poolMax,
    String sslMode) {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** pgjdbc's {@code sslmode} values; empty leaves the driver's default ({@code prefer}). */
  static final Set<String> SSL_MODES =
      Set.of("", "disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  /**
   * What an install ({@link #configured}) uses unless ECLIPS_DB_SSL_MODE names another mode: the
   * administrator's and the roles' passwords go only to a server whose certificate and name check.
   */
  public static final String INSTALL_SSL_MODE = "verify-full";

  public DatabaseSettings(
      String host,
      int port,
      String name,
      Credentials admin,
      Credentials owner,
      Credentials app,
      Credentials platform,
      int poolMax) {
    this(host, port, name, admin, owner, app, platform, poolMax, "");
  }

  public DatabaseSettings {
    requireIdentifier(name);
    sslMode = sslMode == null ? "" : sslMode;
    if (!SSL_MODES.contains(sslMode)) {
      throw new IllegalArgumentException(
          "ECLIPS_DB_SSL_MODE must be one of disable, allow, prefer, require, verify-ca,"
              + " verify-full: "
              + sslMode);
    }
    // one login for both would hand the platform functions to every tenant request (V10)
    if (platform.user().equals(app.user()) || platform.user().equals(owner.user())) {
      throw new IllegalArgumentException(
          "ECLIPS_DB_PLATFORM_USER must differ from the app and owner roles: " + platform.user());
    }
  }

  public static final String LOOKUP_ROLE = "eclips_key_lookup";
  public static final String PLATFORM_ROLE = "eclips_platform";
  public static final String RETENTION_ROLE = "eclips_retention";

  /** Owns {@code eclips_append_audit}: the only role that may insert audit rows (V10). */
  public static final String AUDIT_WRITER_ROLE = "eclips_audit_writer";

  /** A login role and its password (empty where the server trusts local connections). */
  public record Credentials(String user, String password) {
    public Credentials {
      requireIdentifier(user);
      password = password == null ? "" : password;
    }

    @Override
    public String toString() {
      return user + "/***";
    }
  }

  public static Optional<String> configuredHost(Map<String, String> env) {
    return Optional.ofNullable(env.get("ECLIPS_DB_HOST")).filter(h -> !h.isBlank());
  }

  /**
   * The PostgreSQL an install names ({@code ECLIPS_DB_HOST} required, {@code ECLIPS_DB_PORT} and
   * {@code ECLIPS_DB_NAME} defaulted): what the migrate profile and the package's {@code
   * bin/eclips-db} use. Never an embedded server.
   */
  public static DatabaseSettings configured(Map<String, String> env) {
    String host =
        configuredHost(env)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "set ECLIPS_DB_HOST (and ECLIPS_DB_* as needed) first"));
    return fromEnvironment(
            env,
            host,
            Integer.parseInt(env.getOrDefault("ECLIPS_DB_PORT", "5432")),
            env.getOrDefault("ECLIPS_DB_NAME", "eclips"))
        .withSslMode(env.getOrDefault("ECLIPS_DB_SSL_MODE", INSTALL_SSL_MODE));
  }

  public static DatabaseSettings fromEnvironment(
      Map<String, String> env, String host, int port, String name) {
    return new DatabaseSettings(
        host,
        port,
        name,
        new Credentials(
            env.getOrDefault("ECLIPS_DB_ADMIN_USER", "postgres"),
            env.get("ECLIPS_DB_ADMIN_PASSWORD")),
        new Credentials(
            env.getOrDefault("ECLIPS_DB_OWNER_USER", "eclips_owner"),
            env.get("ECLIPS_DB_OWNER_PASSWORD")),
        new Credentials(
            env.getOrDefault("ECLIPS_DB_APP_USER", "eclips_app"),
            env.get("ECLIPS_DB_APP_PASSWORD")),
        new Credentials(
            env.getOrDefault("ECLIPS_DB_PLATFORM_USER", "eclips_platform_app"),
            env.get("ECLIPS_DB_PLATFORM_PASSWORD")),
        Integer.parseInt(env.getOrDefault("ECLIPS_DB_POOL_MAX", "20")),
        env.get("ECLIPS_DB_SSL_MODE"));
  }

  public DatabaseSettings withName(String newName) {
    return new DatabaseSettings(host, port, newName, admin, owner, app, platform, poolMax, sslMode);
  }

  public DatabaseSettings withSslMode(String mode) {
    return new DatabaseSettings(host, port, name, admin, owner, app, platform, poolMax, mode);
  }

  /** Whether connecting checks the server's certificate (and, for verify-full, its name). */
  public boolean verifiesServer() {
    return sslMode.startsWith("verify-");
  }

  public String jdbcUrl() {
    return jdbcUrl(name);
  }

  public String jdbcUrl(String database) {
    String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
    return sslMode.isEmpty() ? url : url + "?sslmode=" + sslMode;
  }

  static String requireIdentifier(String identifier) {
    if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
      throw new IllegalArgumentException("not a plain lower-case SQL identifier: " + identifier);
    }
    return identifier;
  }
}
