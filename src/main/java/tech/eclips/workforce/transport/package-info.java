/**
 * Transport security: HTTPS itself is Liberty's (server.xml: keystore, ports, bind address, all
 * from configuration); this package adds what the application owes every HTTPS response, HSTS.
 */
package tech.eclips.workforce.transport;
