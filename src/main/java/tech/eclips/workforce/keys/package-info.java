/** API keys: minting, digests, verification, and the console endpoints that manage them. */
package tech.eclips.workforce.keys;
