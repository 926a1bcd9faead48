package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.audit.AuditLog;
import io.billinggateway.gateway.outbox.Outbox;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.router.NetworkNotFoundException;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.RegisterPlanRequest;
import io.micronaut.cache.annotation.CacheInvalidate;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Creates and changes plans and registers them on networks through the router. Database changes, their
 * audit entries and their {@code billing.plan.changed.v1} events commit together; provider calls happen
 * outside database transactions and their outcome is recorded per network (a network that fails to register
 * shows {@code FAILED} with the provider's message and can be retried).
 */
@Singleton
public class PlanService {
    static final String CATALOG_CACHE = "billing-plans";
    private static final Logger LOG = LoggerFactory.getLogger(PlanService.class);
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");
    private static final Duration SHORTEST_PERIOD = Duration.ofMinutes(1);
    /** Ten years: a longer period is a mistake or a "lifetime" plan, which is a one-time product. It keeps every next charge time far from overflow. */
    private static final Duration LONGEST_PERIOD = Duration.ofDays(3650);
    private static final long LONGEST_CALENDAR_PERIOD_MONTHS = 120;

    private final Database database;
    private final PlanRepository plans;
    private final ProviderRouter router;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;

    PlanService(Database database, PlanRepository plans, ProviderRouter router, AuditLog audit, Outbox outbox, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.plans = requireNonNull(plans, "plans is null");
        this.router = requireNonNull(router, "router is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @CacheInvalidate(cacheNames = CATALOG_CACHE, all = true)
    public PlanViews.AdminPlan create(String actor, PlanRequests.CreatePlan request) {
        InvalidRequestException.Collector errors = new InvalidRequestException.Collector();
        if (request.slug() == null || !SLUG.matcher(request.slug()).matches()) {
            errors.add("slug", "must be 2-64 lower-case letters, digits or dashes, starting with a letter or digit");
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
            errors.add("name", "must be 1-200 characters");
        }
        Optional<BillingPeriod> period = period(request.billingPeriod(), errors);
        if (request.prices() == null || request.prices().isEmpty()) {
            errors.add("prices", "must list the price on at least one network");
        }
        List<ValidPrice> prices = request.prices() == null ? List.of() : prices(request.prices(), period, errors);
        errors.throwIfAny();

        Instant now = clock.instant();
        Plan plan = new Plan(UUID.randomUUID(), request.slug(), request.name().strip(), request.description(), period, PlanStatus.ACTIVE, 1, now, now, 1);
        database.inTransaction(connection -> {
            if (plans.findBySlug(plan.slug()).isPresent()) {
                throw new BillingException(ErrorCode.CONFLICT, "a plan with slug '" + plan.slug() + "' already exists");
            }
            plans.insert(plan);
            prices.forEach(price -> plans.upsertRegistration(pending(plan, price, now)));
            audit.record(actor, "plan.created", "plan", plan.id().toString(), null, view(plan, plans.registrations(plan.id())));
            planChanged(plan, "created");
            return null;
        });
        registerPending(plan.id());
        return get(plan.id());
    }

    @CacheInvalidate(cacheNames = CATALOG_CACHE, all = true)
    public PlanViews.AdminPlan update(String actor, UUID id, PlanRequests.UpdatePlan request) {
        InvalidRequestException.Collector errors = new InvalidRequestException.Collector();
        if (request.name() != null && (request.name().isBlank() || request.name().length() > 200)) {
            errors.add("name", "must be 1-200 characters");
        }
        Plan current = database.inTransaction(connection -> require(id));
        List<PlanRegistrationRow> registered = database.inTransaction(connection -> plans.registrations(id));
        Optional<BillingPeriod> period = request.billingPeriod() == null ? current.billingPeriod() : period(request.billingPeriod(), errors);
        if (request.billingPeriod() != null && period.isPresent() != current.recurring()) {
            errors.add("billingPeriod", "cannot turn a " + (current.recurring() ? "subscription plan into a one-time product" : "one-time product into a subscription plan")
                    + "; create a new plan");
        }
        List<ValidPrice> prices = request.prices() == null ? List.of() : prices(request.prices(), period, errors);
        if (period.orElse(null) instanceof BillingPeriod.Calendar calendar) {
            Set<String> repriced = new HashSet<>();
            prices.forEach(price -> repriced.add(price.network()));
            for (PlanRegistrationRow row : registered) {
                if (!repriced.contains(row.network())) {
                    fixedDurationsOnly(row.network(), calendar).ifPresent(problem -> errors.add("billingPeriod", problem));
                }
            }
        }
        errors.throwIfAny();

        database.inTransaction(connection -> {
            Plan before = require(id);
            List<PlanRegistrationRow> registrationsBefore = plans.registrations(id);
            boolean termsChanged = !before.billingPeriod().equals(period) || changesPrices(registrationsBefore, prices);
            long termsVersion = termsChanged ? before.termsVersion() + 1 : before.termsVersion();
            Instant now = clock.instant();
            Plan after = new Plan(before.id(), before.slug(), request.name() == null ? before.name() : request.name().strip(),
                    request.description() == null ? before.description() : request.description(), period, before.status(), termsVersion,
                    before.createdAt(), now, before.rowVersion() + 1);
            if (!plans.update(after, before.rowVersion())) {
                throw new BillingException(ErrorCode.CONFLICT, "plan " + id + " was changed concurrently; read it again and retry");
            }
            Set<String> repricedNetworks = new HashSet<>();
            prices.forEach(price -> repricedNetworks.add(price.network()));
            // a network listed in the request gets exactly the listed prices: an asset left out is no longer sold there
            registrationsBefore.stream()
                    .filter(row -> repricedNetworks.contains(row.network()))
                    .filter(row -> prices.stream().noneMatch(price -> price.network().equals(row.network()) && price.asset().equals(row.asset())))
                    .forEach(plans::deleteRegistration);
            if (termsChanged) {
                Map<String, ValidPrice> changed = new LinkedHashMap<>();
                registrationsBefore.stream().filter(row -> !repricedNetworks.contains(row.network()))
                        .forEach(row -> changed.put(row.network() + "\n" + row.asset(), new ValidPrice(row.network(), row.asset(), row.price())));
                prices.forEach(price -> changed.put(price.network() + "\n" + price.asset(), price));
                changed.values().forEach(price -> plans.upsertRegistration(pending(after, price, now)));
            }
            else {
                prices.forEach(price -> plans.upsertRegistration(pending(after, price, now)));
            }
            audit.record(actor, "plan.updated", "plan", id.toString(), view(before, registrationsBefore), view(after, plans.registrations(id)));
            planChanged(after, termsChanged ? "terms_changed" : "updated");
            return null;
        });
        registerPending(id);
        return get(id);
    }

    /**
     * Freezes, deactivates or reactivates a plan on every network it is registered on, and there every terms version it
     * ever had: the subscribers of earlier terms renew on their version's provider reference, so a freeze that reached
     * only the current terms would leave them renewing.
     */
    @CacheInvalidate(cacheNames = CATALOG_CACHE, all = true)
    public PlanViews.AdminPlan changeStatus(String actor, UUID id, PlanStatus target) {
        Plan before = database.inTransaction(connection -> require(id));
        List<PlanRegistrationRow> registrations = database.inTransaction(connection -> plans.registrations(id));
        List<PlanTermsRegistration> earlierTerms = database.inTransaction(connection -> plans.termsRegistrations(id)).stream()
                .filter(terms -> registrations.stream().noneMatch(row -> row.network().equals(terms.network()) && row.asset().equals(terms.asset())
                        && row.termsVersion() == terms.termsVersion()))
                .toList();
        List<PlanRegistrationRow> updated = new ArrayList<>();
        for (PlanRegistrationRow row : registrations) {
            if (row.providerPlanRef() == null) {
                continue;
            }
            try {
                var change = router.resolve(row.network()).provider().changePlanStatus(new ChangePlanStatusRequest(row.providerPlanRef(), target));
                updated.add(withStatus(row, change.status().name(), null, change.transactionRef().orElse(row.txRef())));
            }
            catch (BillingException e) {
                LOG.warn("plan {} status change to {} on network {} failed: {}", id, target, row.network(), e.getMessage());
                updated.add(withStatus(row, row.status(), "status change to " + target + " failed: " + e.getMessage(), row.txRef()));
            }
        }
        Map<PlanTermsRegistration, String> earlierStatus = new LinkedHashMap<>();
        Map<PlanTermsRegistration, String> earlierErrors = new LinkedHashMap<>();
        for (PlanTermsRegistration terms : earlierTerms) {
            try {
                var change = router.resolve(terms.network()).provider().changePlanStatus(new ChangePlanStatusRequest(terms.providerPlanRef(), target));
                earlierStatus.put(terms, change.status().name());
            }
            catch (BillingException e) {
                LOG.warn("plan {} terms version {} status change to {} on network {} failed: {}", id, terms.termsVersion(), target, terms.network(), e.getMessage());
                earlierStatus.put(terms, terms.status());
                earlierErrors.put(terms, "status change to " + target + " failed: " + e.getMessage());
            }
        }
        database.inTransaction(connection -> {
            Plan current = require(id);
            Plan after = new Plan(current.id(), current.slug(), current.name(), current.description(), current.billingPeriod(), target,
                    current.termsVersion(), current.createdAt(), clock.instant(), current.rowVersion() + 1);
            if (!plans.update(after, current.rowVersion())) {
                throw new BillingException(ErrorCode.CONFLICT, "plan " + id + " was changed concurrently; read it again and retry");
            }
            updated.forEach(plans::upsertRegistration);
            updated.forEach(plans::recordTerms);
            earlierStatus.forEach((terms, status) -> plans.updateTermsStatus(terms, status, earlierErrors.get(terms), clock.instant()));
            audit.record(actor, statusAction(target), "plan", id.toString(),
                    view(before, registrations), view(after, plans.registrations(id)));
            planChanged(after, "status_" + target.name().toLowerCase(java.util.Locale.ROOT));
            return null;
        });
        earlierErrors.forEach((terms, error) -> LOG.error("plan {} is {} but its terms version {} on network {} is still {} at the provider: {}; "
                + "change the status again to retry", id, target, terms.termsVersion(), terms.network(), terms.status(), error));
        return get(id);
    }

    private static String statusAction(PlanStatus target) {
        return switch (target) {
            case FROZEN -> "plan.frozen";
            case INACTIVE -> "plan.archived";
            default -> "plan.status_changed";
        };
    }

    /**
     * The id of the plan {@code slugOrId} names: a slug first (what operators type, in any case), then an id. Anything else is a 404
     * naming what was asked, never a binding error.
     */
    public UUID resolve(String slugOrId) {
        String reference = slugOrId == null ? "" : slugOrId.strip();
        String slug = reference.toLowerCase(java.util.Locale.ROOT);
        if (SLUG.matcher(slug).matches()) {
            // slugs are lower case, so PRO-MONTHLY names pro-monthly
            Optional<Plan> bySlug = findBySlug(slug);
            if (bySlug.isPresent()) {
                return bySlug.get().id();
            }
        }
        Optional<UUID> id = parseUuid(reference);
        return id.flatMap(this::find).map(Plan::id).orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND,
                "no plan with slug or id '" + printable(reference) + "'; GET /v1/billing/admin/plans lists the plans"));
    }

    /**
     * Deletes a plan that was never sold: a plan created by mistake goes without a trace in the catalog (the audit log keeps
     * its creation and deletion). A plan that any payment or subscription names is part of the books and is only archived.
     * <p>
     * The intent is recorded first: the plan is made {@code INACTIVE} (no checkout starts on it from then on), then it is
     * deactivated at every provider it was registered with, and only then are its rows deleted. A checkout that read the
     * plan as active just before can still have sold it; the last step checks again and then keeps the plan, archived.
     */
    @CacheInvalidate(cacheNames = CATALOG_CACHE, all = true)
    public void delete(String actor, UUID id) {
        PlanViews.AdminPlan before = database.inTransaction(connection -> {
            Plan plan = plans.lock(id).orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no plan with id " + id));
            if (plans.sold(id)) {
                throw soldPlan(plan);
            }
            Plan inactive = new Plan(plan.id(), plan.slug(), plan.name(), plan.description(), plan.billingPeriod(), PlanStatus.INACTIVE,
                    plan.termsVersion(), plan.createdAt(), clock.instant(), plan.rowVersion() + 1);
            plans.update(inactive, plan.rowVersion());
            PlanViews.AdminPlan current = view(plan, plans.registrations(id));
            // the intent, so that a plan left archived by a provider that failed below says why
            audit.record(actor, "plan.deletion_started", "plan", id.toString(), current, view(inactive, plans.registrations(id)));
            return current;
        });
        deactivateAtProviders(id);
        Optional<Plan> soldMeanwhile = database.inTransaction(connection -> {
            Plan plan = plans.lock(id).orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no plan with id " + id));
            if (plans.sold(id)) {
                audit.record(actor, "plan.archived", "plan", id.toString(), before, view(plan, plans.registrations(id)));
                planChanged(plan, "status_inactive");
                return Optional.of(plan);
            }
            plans.delete(id);
            audit.record(actor, "plan.deleted", "plan", id.toString(), before, null);
            planChanged(plan, "deleted");
            return Optional.<Plan>empty();
        });
        if (soldMeanwhile.isPresent()) {
            throw new BillingException(ErrorCode.CONFLICT, "plan '" + soldMeanwhile.get().slug() + "' was sold while it was being deleted; it is kept, archived");
        }
    }

    /** Every registered terms version of the plan, made inactive at its provider; a provider that fails keeps the plan. */
    private void deactivateAtProviders(UUID id) {
        List<PlanTermsRegistration> terms = database.inTransaction(connection -> plans.termsRegistrations(id));
        for (PlanTermsRegistration registration : terms) {
            if (registration.providerPlanRef() == null || registration.status().equals(PlanStatus.INACTIVE.name())) {
                continue;
            }
            try {
                router.resolve(registration.network()).provider().changePlanStatus(new ChangePlanStatusRequest(registration.providerPlanRef(), PlanStatus.INACTIVE));
            }
            catch (NetworkNotFoundException e) {
                LOG.warn("plan {} is deleted while network {} is not enabled; its registration there ({}) stays as it is", id, registration.network(),
                        registration.providerPlanRef());
            }
            catch (BillingException e) {
                if (e.code() == ErrorCode.UNSUPPORTED) {
                    continue;
                }
                throw new BillingException(e.code(), "the plan was not deleted: deactivating it on network '" + registration.network() + "' failed ("
                        + e.getMessage() + "); it is archived meanwhile, delete it again to retry");
            }
        }
    }

    private static BillingException soldPlan(Plan plan) {
        return new BillingException(ErrorCode.CONFLICT, "plan '" + plan.slug() + "' has been sold (payments or subscriptions name it) and cannot be "
                + "deleted; archive it instead: POST /v1/billing/admin/plans/" + plan.slug() + "/archive");
    }

    private static Optional<UUID> parseUuid(String text) {
        if (text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The reference as a message may quote it: short, and without control characters. */
    private static String printable(String reference) {
        String shown = reference.length() > 80 ? reference.substring(0, 80) + "..." : reference;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** Registers, again, every registration of the plan that is pending or failed. */
    @CacheInvalidate(cacheNames = CATALOG_CACHE, all = true)
    public PlanViews.AdminPlan retryRegistration(String actor, UUID id) {
        database.inTransaction(connection -> {
            require(id);
            audit.record(actor, "plan.registration_retried", "plan", id.toString(), null, null);
            return null;
        });
        registerPending(id);
        return get(id);
    }

    public PlanViews.AdminPlan get(UUID id) {
        return database.inTransaction(connection -> view(require(id), plans.registrations(id)));
    }

    public List<PlanViews.AdminPlan> list() {
        return database.inTransaction(connection -> plans.list().stream().map(plan -> view(plan, plans.registrations(plan.id()))).toList());
    }

    /** Plan and registration by id, for checkout. */
    public Optional<Plan> find(UUID id) {
        return database.inTransaction(connection -> plans.find(id));
    }

    public Optional<Plan> findBySlug(String slug) {
        return database.inTransaction(connection -> plans.findBySlug(slug));
    }

    /** The plan's prices on one network, one per asset, for checkout. */
    public List<PlanRegistrationRow> registrations(UUID planId, String network) {
        return database.inTransaction(connection -> plans.registrations(planId, network));
    }

    List<Plan> activePlans() {
        return plans.listActive();
    }

    List<PlanRegistrationRow> registrations(UUID planId) {
        return plans.registrations(planId);
    }

    private void registerPending(UUID id) {
        Plan plan = database.inTransaction(connection -> require(id));
        List<PlanRegistrationRow> rows = database.inTransaction(connection -> plans.registrations(id));
        for (PlanRegistrationRow row : rows) {
            if (!row.status().equals(PlanRegistrationRow.PENDING) && !row.status().equals(PlanRegistrationRow.FAILED)) {
                continue;
            }
            PlanRegistrationRow result = register(plan, row, providerPlanId(plan, row, rows));
            database.inTransaction(connection -> {
                plans.upsertRegistration(result);
                plans.recordTerms(result);
                return null;
            });
        }
    }

    /**
     * The plan id a provider registers the price under. A provider keeps one registration per plan id and terms version, so
     * each of several prices on one network is its own plan there ({@code <plan id>:<asset>}); a network's only price keeps
     * the plan's id, as before several prices were possible.
     */
    static String providerPlanId(Plan plan, PlanRegistrationRow row, List<PlanRegistrationRow> registrations) {
        long pricesOnNetwork = registrations.stream().filter(other -> other.network().equals(row.network())).count();
        return pricesOnNetwork > 1 ? plan.id() + ":" + row.asset() : plan.id().toString();
    }

    private PlanRegistrationRow register(Plan plan, PlanRegistrationRow row, String providerPlanId) {
        Instant now = clock.instant();
        try {
            RoutedNetwork network = router.resolve(row.network());
            PlanDefinition definition = new PlanDefinition(providerPlanId, plan.name(), new Money(row.price(), row.asset()),
                    plan.billingPeriod().flatMap(PlanService::fixed), row.termsVersion(), plan.billingPeriod().flatMap(PlanService::calendar));
            PlanRegistration registration = network.provider().registerPlan(new RegisterPlanRequest(definition));
            PlanStatus status = plan.status() == PlanStatus.ACTIVE ? registration.status() : plan.status();
            if (status != registration.status()) {
                network.provider().changePlanStatus(new ChangePlanStatusRequest(registration.providerPlanRef(), status));
            }
            return new PlanRegistrationRow(row.planId(), row.network(), row.chainId(), row.providerId(), row.asset(), row.price(), row.termsVersion(),
                    registration.providerPlanRef(), registration.planHash().orElse(null), registration.authorSignature().orElse(null),
                    registration.transactionRef().orElse(null), status.name(), null, now, now);
        }
        catch (BillingException e) {
            LOG.warn("registering plan {} on network {} failed: {}", plan.id(), row.network(), e.getMessage());
            return withStatus(row, PlanRegistrationRow.FAILED, e.getMessage(), row.txRef());
        }
    }

    private PlanRegistrationRow pending(Plan plan, ValidPrice price, Instant now) {
        RoutedNetwork network = router.resolve(price.network());
        return new PlanRegistrationRow(plan.id(), price.network(), network.chainId().toString(), network.providerId(), price.asset(), price.amount(),
                plan.termsVersion(), null, null, null, null, PlanRegistrationRow.PENDING, null, null, now);
    }

    private PlanRegistrationRow withStatus(PlanRegistrationRow row, String status, String error, String txRef) {
        return new PlanRegistrationRow(row.planId(), row.network(), row.chainId(), row.providerId(), row.asset(), row.price(), row.termsVersion(),
                row.providerPlanRef(), row.planHash(), row.authorSignature(), txRef, status, error, row.registeredAt(), clock.instant());
    }

    /** Whether the prices listed for a network differ from the prices it has: another amount, an asset added or left out. */
    private static boolean changesPrices(List<PlanRegistrationRow> registrations, List<ValidPrice> prices) {
        Set<String> networks = new HashSet<>();
        prices.forEach(price -> networks.add(price.network()));
        Set<ValidPrice> before = new HashSet<>();
        registrations.stream().filter(row -> networks.contains(row.network()))
                .forEach(row -> before.add(new ValidPrice(row.network(), row.asset(), row.price())));
        return !before.equals(new HashSet<>(prices));
    }

    private Plan require(UUID id) {
        return plans.find(id).orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND, "no plan with id " + id));
    }

    private void planChanged(Plan plan, String change) {
        outbox.append(Outbox.PLAN_CHANGED, plan.id().toString(), Map.of(
                "planId", plan.id().toString(), "slug", plan.slug(), "change", change, "status", plan.status().name(), "termsVersion", plan.termsVersion()));
    }

    private record ValidPrice(String network, String asset, BigInteger amount) {
    }

    private static Optional<BillingPeriod> period(String text, InvalidRequestException.Collector errors) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Optional<BillingPeriod> parsed = BillingPeriod.parse(text);
        switch (parsed.orElse(null)) {
            case null -> errors.add("billingPeriod", "must be an ISO-8601 duration such as P30D or PT720H, or whole months or years (P1M, P3M, P1Y), got '"
                    + text + "'");
            case BillingPeriod.Fixed fixed when fixed.duration().compareTo(SHORTEST_PERIOD) < 0 || fixed.duration().compareTo(LONGEST_PERIOD) > 0 -> {
                errors.add("billingPeriod", "must be between " + SHORTEST_PERIOD + " and " + LONGEST_PERIOD.toDays() + " days (P"
                        + LONGEST_PERIOD.toDays() + "D; sell a lifetime plan as a one-time product), got " + text);
                return Optional.empty();
            }
            case BillingPeriod.Calendar calendar when calendar.months().toTotalMonths() > LONGEST_CALENDAR_PERIOD_MONTHS -> {
                errors.add("billingPeriod", "must be at most " + LONGEST_CALENDAR_PERIOD_MONTHS / 12 + " years (P" + LONGEST_CALENDAR_PERIOD_MONTHS / 12
                        + "Y; sell a lifetime plan as a one-time product), got " + text);
                return Optional.empty();
            }
            default -> {
            }
        }
        return parsed;
    }

    /**
     * Why {@code network} cannot bill {@code calendar}: its provider does not declare {@link Capability#CALENDAR_PERIODS},
     * so it renews every subscription a fixed number of days after the last charge; empty when it can.
     */
    private Optional<String> fixedDurationsOnly(String network, BillingPeriod.Calendar calendar) {
        RoutedNetwork routed;
        try {
            routed = router.resolve(network);
        }
        catch (NetworkNotFoundException e) {
            return Optional.empty();
        }
        if (routed.describe().supports(Capability.CALENDAR_PERIODS)) {
            return Optional.empty();
        }
        return Optional.of("network '" + network + "' bills every N days (provider '" + routed.providerId() + "' renews a fixed duration after each "
                + "charge), so it cannot keep the day of the month of the calendar period " + calendar.iso() + "; give the plan a period in days "
                + "(P30D, P91D, P365D) or leave '" + network + "' out of its prices");
    }

    private static Optional<Duration> fixed(BillingPeriod period) {
        return period instanceof BillingPeriod.Fixed fixed ? Optional.of(fixed.duration()) : Optional.empty();
    }

    private static Optional<java.time.Period> calendar(BillingPeriod period) {
        return period instanceof BillingPeriod.Calendar calendar ? Optional.of(calendar.months()) : Optional.empty();
    }

    private List<ValidPrice> prices(List<PlanRequests.Price> requested, Optional<BillingPeriod> period, InvalidRequestException.Collector errors) {
        boolean recurring = period.isPresent();
        List<ValidPrice> result = new ArrayList<>();
        Set<String> networkAssets = new HashSet<>();
        for (int index = 0; index < requested.size(); index++) {
            PlanRequests.Price price = requested.get(index);
            String field = "prices[" + index + "]";
            if (price == null || price.network() == null) {
                errors.add(field + ".network", "is required");
                continue;
            }
            // several prices on one network are fine (a native coin and tokens), one per asset
            if (!networkAssets.add(price.network() + "\n" + price.asset())) {
                errors.add(field + ".asset", "network '" + price.network() + "' lists asset '" + price.asset() + "' twice; give each asset one price");
                continue;
            }
            NetworkDescription description;
            try {
                description = router.resolve(price.network()).describe();
            }
            catch (NetworkNotFoundException e) {
                errors.add(field + ".network", e.getMessage());
                continue;
            }
            Capability needed = recurring ? Capability.RECURRING_CHARGE : Capability.ONE_TIME_PAYMENT;
            if (!description.supports(needed)) {
                errors.add(field + ".network", "network '" + price.network() + "' cannot sell " + (recurring ? "subscriptions" : "one-time products")
                        + " (its provider lacks " + needed + ")");
            }
            else if (period.orElse(null) instanceof BillingPeriod.Calendar calendar) {
                fixedDurationsOnly(price.network(), calendar).ifPresent(problem -> errors.add(field + ".network", problem));
            }
            try {
                description.asset(String.valueOf(price.asset()));
            }
            catch (BillingException e) {
                errors.add(field + ".asset", e.getMessage());
            }
            BigInteger amount = null;
            try {
                amount = new BigInteger(String.valueOf(price.amount()));
                if (amount.signum() <= 0 || amount.bitLength() > 256) {
                    errors.add(field + ".amount", "must be a positive integer of the asset's smallest unit below 2^256, got " + price.amount());
                    amount = null;
                }
            }
            catch (NumberFormatException e) {
                errors.add(field + ".amount", "must be an integer count of the asset's smallest unit (e.g. \"1999\" for 19.99 USD), got '" + price.amount() + "'");
            }
            if (amount != null) {
                result.add(new ValidPrice(price.network(), price.asset(), amount));
            }
        }
        return result;
    }

    static PlanViews.AdminPlan view(Plan plan, List<PlanRegistrationRow> registrations) {
        return new PlanViews.AdminPlan(plan.id(), plan.slug(), plan.name(), plan.description(), plan.billingPeriod().map(BillingPeriod::iso).orElse(null),
                plan.status().name(), plan.termsVersion(), plan.rowVersion(), plan.createdAt(), plan.updatedAt(),
                registrations.stream().map(row -> new PlanViews.Registration(row.network(), row.chainId(), row.providerId(), row.asset(),
                        row.price().toString(), row.termsVersion(), row.status(), row.providerPlanRef(), row.planHash(), row.authorSignature(),
                        row.txRef(), row.lastError(), row.registeredAt())).toList());
    }
}
