/** Documents an org uploads for its agents to read. */
package tech.eclips.workforce.documents;
