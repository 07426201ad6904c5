/** Credits: the append-only ledger, monthly usage periods and budgets. */
package tech.eclips.workforce.credits;
