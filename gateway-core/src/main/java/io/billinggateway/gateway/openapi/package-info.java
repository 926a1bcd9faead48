/**
 * The conventions that make the generated OpenAPI document read like a product and pass {@code redocly lint}: each
 * operation's area (tag), security scheme and problem responses follow from its path, so a new controller under an
 * existing prefix needs nothing but Javadoc. Applied to the document micronaut-openapi writes at compile time, by a
 * build step ({@code process-classes}), before the document is served or packaged.
 */
package io.billinggateway.gateway.openapi;
