ALTER TABLE "contract_amendments" ADD COLUMN "before" jsonb;--> statement-breakpoint
ALTER TABLE "contract_amendments" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "contract_amendments" ADD COLUMN "proposed_by_side" text;--> statement-breakpoint
ALTER TABLE "contract_amendments" ADD COLUMN "status" text DEFAULT 'proposed' NOT NULL;--> statement-breakpoint
ALTER TABLE "contract_amendments" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contract_amendments" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "terminated_at" timestamp with time zone;--> statement-breakpoint
-- Amendments both sides had confirmed are in force; the rest are still waiting for an answer.
UPDATE "contract_amendments" SET "status" = 'inForce' WHERE "payer_confirmed_at" IS NOT NULL AND "payee_confirmed_at" IS NOT NULL;--> statement-breakpoint
UPDATE "contract_amendments" SET "proposed_by_side" = CASE WHEN "payer_confirmed_at" IS NOT NULL AND ("payee_confirmed_at" IS NULL OR "payer_confirmed_at" <= "payee_confirmed_at") THEN 'payer' ELSE 'payee' END;--> statement-breakpoint
ALTER TABLE "contract_amendments" ALTER COLUMN "proposed_by_side" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "contract_amendments" ADD CONSTRAINT "contract_amendments_status_ck" CHECK ("status" IN ('proposed', 'inForce', 'declined', 'withdrawn'));--> statement-breakpoint
CREATE UNIQUE INDEX "contract_amendments_open_uq" ON "contract_amendments" USING btree ("contract_id") WHERE "contract_amendments"."status" = 'proposed';