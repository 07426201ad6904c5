/**
 * RFC 9457 problem details. Our own denials are {@link
 * tech.eclips.workforce.problems.control.ApiProblem}s, rendered in one place; other libraries'
 * exceptions each get one small mapper. No body ever carries a stack trace, SQL, a key or another
 * org's data.
 */
package tech.eclips.workforce.problems;
