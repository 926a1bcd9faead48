/**
 * The one validation layer for what callers send: request bodies are bound strictly (a JSON value of the wrong
 * type is an error naming the field and the expected type, never coerced; unknown fields of staff and internal
 * requests are rejected), every text is checked against the storage's real limits (length, NUL and other control
 * characters, valid Unicode) and every number against its range. All of it answers one problem type,
 * {@code invalid-request}, with one {@code field: problem} line per invalid field.
 */
package io.billinggateway.gateway.input;
