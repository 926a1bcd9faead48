-- Issue 14: staff search over payments and subscriptions. Each listing order (keyset pagination on the sort column,
-- then id) has an index, so a page reads only its rows; the common filters (status, network, plan) have their own.
CREATE INDEX payment_transactions_created ON payment_transactions (created_at, id);
CREATE INDEX payment_transactions_confirmed ON payment_transactions (confirmed_at, id);
CREATE INDEX payment_transactions_amount ON payment_transactions (amount, id);
CREATE INDEX payment_transactions_status_created ON payment_transactions (status, created_at, id);
CREATE INDEX payment_transactions_network_created ON payment_transactions (network, created_at, id);
CREATE INDEX payment_transactions_plan ON payment_transactions (plan_id, created_at);
CREATE INDEX billing_subscription_state_created ON billing_subscription_state (created_at, id);
CREATE INDEX billing_subscription_state_next_charge ON billing_subscription_state (next_charge_at, id);
CREATE INDEX billing_subscription_state_plan ON billing_subscription_state (plan_id, created_at);
CREATE INDEX billing_charge_attempt_subscription_created ON billing_charge_attempt (subscription_id, created_at);
