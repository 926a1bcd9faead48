-- Issue 13: calendar billing periods (P1M, P3M, P1Y) on networks that can keep the day of the month.
-- A period is either billing_period_seconds (a fixed duration) or billing_period_months (whole calendar months).
ALTER TABLE billing_plans ADD COLUMN billing_period_months INTEGER;
ALTER TABLE billing_subscription_state ADD COLUMN billing_period_months INTEGER;
ALTER TABLE billing_subscription_state ALTER COLUMN billing_period_seconds DROP NOT NULL;
