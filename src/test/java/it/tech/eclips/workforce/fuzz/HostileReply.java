package it.tech.eclips.workforce.fuzz;

import java.util.Map;

/** An answer to a hostile request: status, headers (lower-case names), body as text. */
record HostileReply(int status, Map<String, String> headers, String body) {

  String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
