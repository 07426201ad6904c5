/** What runs around the container's transactions, shared by features. */
package tech.eclips.workforce.transactions;
