/**
 * Documents an org uploads for its agents to read (CONTRACT §6), each in one mode: a test key sees
 * only test documents, a live key only live ones, and anything else is 404 like another org's.
 *
 * <p>Uploads stream: the body is counted (413 as soon as it passes {@code
 * eclips.documents.max-bytes}, with the connection closed so the rest is never read), checked
 * against its declared type (415: signatures of PDF, PNG and JPEG; UTF-8 without NUL for text and
 * JSON), hashed, and stored in chunks of 256 KiB as it arrives, in one transaction with the
 * document's row and its audit entry. Downloads stream the same chunks back, one short tenant-bound
 * transaction per chunk, after the request's own transaction has committed. The bytes sit behind
 * {@code DocumentStore}, which PostgreSQL implements today.
 */
package tech.eclips.workforce.documents;
