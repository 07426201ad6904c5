package tech.eclips.workforce.credits.control;

import java.time.LocalDate;

/** One UTC day of the current period: credits debited for runs, and refunded for failed ones. */
public record DailyUse(LocalDate day, long debited, long refunded) {}
