/**
 * Developer and test tooling, never packaged in the WAR: provisions a PostgreSQL (the machine's, or
 * an embedded one when none is configured), creates the owner and app roles, applies {@code
 * db-migrations/} as the owner role, and points a Liberty server at the result. The same bootstrap
 * and migrations ship in the on-prem package as its {@code bin/eclips-db} ({@code DatabaseCommand},
 * with {@code DatabaseBootstrap}, {@code DatabaseSettings} and {@code Migrations}: keep those free
 * of test-only dependencies). Also the two measuring tools that run a server of their own: the
 * benchmark ({@code Benchmark}) and the fault run ({@code Reliability}, with its driver, injector
 * and invariants), which lays out its server, Liberty or WildFly, through {@code OwnServer}, as the
 * ITs that start servers of their own do.
 */
package tech.eclips.workforce.tools;
