/**
 * Subscription plans and what each one allows: public API access, rate limits, credits, retention.
 */
package tech.eclips.workforce.plans;
