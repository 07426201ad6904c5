package tech.eclips.workforce.credits.control;

import java.time.LocalDate;

/** An org's credits now: the balance, and this period's grant, use and budget. */
public record CreditBalance(
    long balance, LocalDate periodStart, long granted, long used, Long budget) {

  public LocalDate periodEnd() {
    return periodStart.plusMonths(1);
  }
}
