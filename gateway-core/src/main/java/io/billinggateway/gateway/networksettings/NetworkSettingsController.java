package io.billinggateway.gateway.networksettings;

import io.billinggateway.gateway.input.MaxItems;
import io.billinggateway.gateway.input.QueryValues;
import io.billinggateway.gateway.input.Text;
import io.billinggateway.gateway.input.TextRules;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.gateway.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A network's settings at run time: {@code support} and {@code billing_admin} read them and their journal;
 * {@code billing_admin} changes them (audited) and probes candidate settings against the real node or PSP.
 */
@Controller("/v1/billing/admin/networks/{name}/settings")
@Secured({Roles.BILLING_ADMIN, Roles.SUPPORT})
@ExecuteOn(TaskExecutors.BLOCKING)
final class NetworkSettingsController {
    static final int MAX_SETTINGS = 64;
    static final int VALUE_LENGTH = 4000;
    static final int REASON_LENGTH = 2000;
    private static final int MAX_HISTORY = 500;
    private static final int DEFAULT_HISTORY = 50;

    private final NetworkSettingsService settings;

    NetworkSettingsController(NetworkSettingsService settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** One key to set; {@code value} null returns it to the configuration files' value. */
    @Serdeable
    record SettingBody(@Nullable @Text(maxLength = 64) String key, @Nullable @Text(maxLength = VALUE_LENGTH) String value) {
    }

    /**
     * @param version the version the change is based on, as read with GET
     * @param settings the keys to change; keys not listed keep their value
     * @param reason why, for the journal and the audit log
     */
    @Serdeable
    record ChangeBody(@Nullable Long version, @Nullable @MaxItems(MAX_SETTINGS) List<SettingBody> settings,
                      @Nullable @Text(maxLength = REASON_LENGTH, multiline = true) String reason) {
    }

    /** Candidate settings to probe; nothing is saved. */
    @Serdeable
    record TestBody(@Nullable @MaxItems(MAX_SETTINGS) List<SettingBody> settings) {
    }

    /** The network's settings in force in this process: value (never a secret's), source, whether editable, and the saved and applied versions. */
    @Get
    NetworkSettingsViews.Settings read(@PathVariable String name) {
        return settings.read(name);
    }

    /** Changes run-time editable settings, given the version read; every gateway process applies them without a restart. */
    @Put
    @Secured(Roles.BILLING_ADMIN)
    NetworkSettingsViews.Settings change(Authentication authentication, @PathVariable String name, @Nullable @Body ChangeBody body) {
        InvalidRequestException.Collector errors = new InvalidRequestException.Collector();
        if (body == null) {
            errors.add("body", "is required: {\"version\": <as read>, \"settings\": [{\"key\": ..., \"value\": ...}], \"reason\": ...}");
            errors.throwIfAny();
        }
        if (body.version() == null) {
            errors.add("version", "is required: the version read with GET, so that a change made meanwhile is not overwritten");
        }
        else if (body.version() < 0) {
            errors.add("version", "must not be negative, got " + body.version());
        }
        if (body.settings() == null || body.settings().isEmpty()) {
            errors.add("settings", "must list at least one key to change");
        }
        if (body.reason() == null || body.reason().isBlank()) {
            errors.add("reason", "is required: say why, for the change journal");
        }
        else {
            TextRules.check(errors, "reason", body.reason(), REASON_LENGTH, true);
        }
        errors.throwIfAny();
        return settings.save(authentication.getName(), name, body.version(), new SettingsChange.Input(entries(body.settings()), body.reason().strip()));
    }

    /** Probes candidate settings against the real node or PSP and says whether they work; saves nothing. */
    @Post("/test")
    @Secured(Roles.BILLING_ADMIN)
    NetworkSettingsViews.TestResult test(@PathVariable String name, @Nullable @Body TestBody body) {
        List<SettingBody> entries = body == null || body.settings() == null ? List.of() : body.settings();
        return settings.test(name, new SettingsChange.Input(entries(entries), ""));
    }

    /** The network's settings changes: version, who, when, what changed and why. */
    @Get("/history")
    NetworkSettingsViews.History history(@PathVariable String name, @Nullable @QueryValue String limit) {
        int bounded = QueryValues.integer("limit", limit, 1, MAX_HISTORY, DEFAULT_HISTORY);
        return new NetworkSettingsViews.History(name, settings.history(name, bounded));
    }

    private static List<SettingsChange.Entry> entries(List<SettingBody> bodies) {
        return bodies.stream().map(body -> body == null ? null : new SettingsChange.Entry(body.key(), body.value())).toList();
    }
}
