package tech.eclips.workforce.tools;

import java.util.UUID;

/**
 * One client operation of the fault run, as the client saw it: its Idempotency-Key and, at the end,
 * whether it got a definite answer.
 *
 * @param outcome {@code OK}: 202 with a run id; {@code REFUSED}: a definite refusal that promises
 *     nothing was created (the application's problem: a 4xx, or 503 {@code circuit_open}; a 4xx
 *     without a problem code, from a server still starting, is retried); {@code UNKNOWN}: no
 *     definite answer before the retry budget ran out
 * @param status the last HTTP status seen (0: none)
 * @param code the problem's {@code code} of a refusal
 * @param runId the run of an {@code OK} operation
 * @param attempts how many times the same request was sent
 * @param replayed whether the 202 was a replay ({@code Idempotent-Replayed: true})
 */
record Operation(
    Kind kind,
    ReliabilitySeed.Org org,
    String idempotencyKey,
    Outcome outcome,
    int status,
    String code,
    UUID runId,
    int attempts,
    boolean replayed) {

  enum Outcome {
    OK,
    REFUSED,
    UNKNOWN
  }

  /** What the operation asks for; the mix is in {@link RunDriver}. */
  enum Kind {
    INVOICE("invoice_processor", true, false),
    CLASSIFICATION("document_classifier", true, false),
    TEST_INVOICE("invoice_processor", false, false),
    SIMULATED_FAILURE("invoice_processor", false, true);

    final String agentType;
    final boolean live;
    final boolean fails;

    Kind(String agentType, boolean live, boolean fails) {
      this.agentType = agentType;
      this.live = live;
      this.fails = fails;
    }

    /** A valid request body; {@code n} makes each invoice number unique (no duplicate review). */
    String body(String n) {
      if (this == CLASSIFICATION) {
        return "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"Invoice "
            + n
            + ": amount due by the end of the month, remit payment to ACME\"}}";
      }
      return "{\"agent_type\":\"invoice_processor\",\"input\":{\"vendor\":\"ACME\",\"invoice_number\":\""
          + n
          + "\",\"currency\":\"EUR\",\"issue_date\":\"2026-11-01\",\"lines\":[{\"description\":\"Widget\","
          + "\"quantity\":3,\"unit_price\":\"19.99\"}],\"tax_rate\":0.2"
          + (fails ? ",\"simulate\":\"agent_failure\"" : "")
          + "}}";
    }
  }
}
