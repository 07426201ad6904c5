/** Values as native queries return them, turned into the types the code uses. */
package tech.eclips.workforce.sql;
