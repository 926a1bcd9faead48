package io.billinggateway.gateway.security;

/** The roles of the seeds. A token carries them in its {@code roles} claim. */
public final class Roles {
    /** Creates and changes plans and network settings. */
    public static final String BILLING_ADMIN = "billing_admin";
    /** Reads admin and overview data; changes nothing. */
    public static final String SUPPORT = "support";
    /** Reads the finance overview. */
    public static final String FINANCE_OPS = "finance_ops";
    /** The role of a caller that presented the service token; only {@code /internal/**} accepts it. */
    public static final String SERVICE = "billing_service";

    private Roles() {
    }
}
