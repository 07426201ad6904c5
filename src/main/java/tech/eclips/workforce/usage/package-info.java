/**
 * Per-key usage (issue 25, parts 1 and 3): what each API key did, hour by hour and by the scope its
 * endpoints need (allowed, 401/403, 429, 402), from which addresses and when last; counted in
 * memory per request and written as a compact rollup (V34) once per {@code
 * eclips.keys.usage-flush}, never read back from the audit log. The console reads it, an event says
 * when a key's denials or addresses jump, and the scopes a key used over 30 days suggest a narrower
 * set.
 */
package tech.eclips.workforce.usage;
