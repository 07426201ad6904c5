package tech.eclips.workforce.webhooks.control;

import java.net.URI;

/**
 * One signed request, ready to send: the endpoint's URL, the Standard Webhooks headers' values and
 * the body. {@code id} is the event's id, the same for every attempt and redelivery of the event,
 * so that a receiver de-duplicates on it.
 */
public record WebhookMessage(
    URI url, String id, long timestampSeconds, String signature, byte[] body) {}
