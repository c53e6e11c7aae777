-- Keyed audit chain (ADR 013). Rows already written are chain 1 (unkeyed SHA-256); the default fills
-- them in the catalog (no row is rewritten, so the append-only trigger does not fire) and is then
-- dropped: every new row must say which chain it is on.
ALTER TABLE "audit_events" ADD COLUMN "chain" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "chain" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_chain_ck" CHECK ("audit_events"."chain" IN (1, 2));--> statement-breakpoint
-- The ledger gets what the audit log had: accounts are history too, and TRUNCATE is refused like DELETE.
CREATE TRIGGER ledger_accounts_no_change BEFORE UPDATE OR DELETE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
