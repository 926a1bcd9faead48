/**
 * The starter-psp provider plugin for the billing gateway. Generated from the gateway's provider template; the
 * numbered {@code TODO(n)} comments and README.md say what to fill in.
 */
package com.example.billing.starter;
