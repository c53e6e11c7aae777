ALTER TABLE "contracts" ADD COLUMN "acceptance_opinion" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "performance_score" integer;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "subcontract_max_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "subcontract_excluded_work" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "consent_decision" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "consent_text" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "consent_by" uuid;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "consent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tranches" ADD COLUMN "advance" boolean DEFAULT false NOT NULL;