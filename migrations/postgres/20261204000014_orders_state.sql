-- The order state machine: a payment that arrives for an order no longer
-- waiting for it (expired, cancelled, or paid already) is refunded at once;
-- its refund names the payment, and the payout sending it, so the
-- reconciliation shows the payment until the money is back.
ALTER TABLE refunds ADD COLUMN payment_id TEXT REFERENCES payments (id);
ALTER TABLE refunds ADD COLUMN payout_id TEXT;
CREATE INDEX refunds_payment ON refunds (payment_id) WHERE payment_id IS NOT NULL;
-- Each move checks that escrow for its order stays at or above zero.
CREATE INDEX ledger_entries_order ON ledger_entries (order_id, account);
