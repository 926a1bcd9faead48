-- Issue 15: the overview figures aggregate one window at a time (docs/analytics.md). Each window query has an index that
-- starts with its time column and carries the grouped and summed columns, so it reads only the window's index entries
-- (on PostgreSQL often without touching the table), whatever the size of the ledger.
CREATE INDEX payment_transactions_confirmed_asset ON payment_transactions (confirmed_at, network, token, amount);
CREATE INDEX payment_transactions_created_status ON payment_transactions (created_at, network, status);
CREATE INDEX billing_refunds_created ON billing_refunds (created_at);
CREATE INDEX billing_charge_attempt_created ON billing_charge_attempt (created_at, network, outcome);
CREATE INDEX billing_subscription_state_cancelled ON billing_subscription_state (cancelled_at);
-- Activation time of subscriptions: the confirmation of their checkout payment, read by the join over the index alone.
CREATE INDEX payment_transactions_subscription_checkout ON payment_transactions (product_type, id, confirmed_at);
