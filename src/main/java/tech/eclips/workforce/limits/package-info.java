/**
 * Bounds before work (CONTRACT §10): request bodies are counted and capped before anything reads
 * them, and text the application reads (query parameters, headers, JSON bodies) must be valid UTF-8
 * without NUL. Every refusal is a problem, never a 5xx.
 */
package tech.eclips.workforce.limits;
