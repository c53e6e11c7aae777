ALTER TABLE "attachments" ALTER COLUMN "deliverable_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ALTER COLUMN "contract_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "bid_id" uuid;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "filing_application_id" uuid;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "document_kind" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_filing_application_id_filing_applications_id_fk" FOREIGN KEY ("filing_application_id") REFERENCES "public"."filing_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_bid_idx" ON "attachments" USING btree ("bid_id");--> statement-breakpoint
CREATE INDEX "attachments_filing_idx" ON "attachments" USING btree ("filing_application_id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_one_owner_ck" CHECK (num_nonnulls("attachments"."deliverable_id", "attachments"."bid_id", "attachments"."filing_application_id") = 1);--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_contract_of_deliverable_ck" CHECK (("attachments"."deliverable_id" IS NULL) = ("attachments"."contract_id" IS NULL));--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_document_kind_ck" CHECK (("attachments"."deliverable_id" IS NOT NULL AND "attachments"."document_kind" IS NULL)
        OR ("attachments"."bid_id" IS NOT NULL AND "attachments"."document_kind" IN ('qualification', 'budget', 'servicePlan', 'other'))
        OR ("attachments"."filing_application_id" IS NOT NULL AND "attachments"."document_kind" IN ('charter', 'memberList', 'leaderId', 'premises', 'other')));