/** Trust profiles per (org, agent type), which decide which results need a human. */
package tech.eclips.workforce.trust;
