CREATE TABLE "appropriations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchaser_role" text NOT NULL,
	"purchaser_region_code" text NOT NULL,
	"funding_source" text NOT NULL,
	"year" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budget_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"appropriation_id" uuid NOT NULL,
	"reserved_fen" bigint DEFAULT 0 NOT NULL,
	"committed_fen" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_transactions" ALTER COLUMN "contract_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD COLUMN "appropriation_id" uuid;--> statement-breakpoint
ALTER TABLE "appropriations" ADD CONSTRAINT "appropriations_purchaser_region_code_regions_code_fk" FOREIGN KEY ("purchaser_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appropriations" ADD CONSTRAINT "appropriations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_holds" ADD CONSTRAINT "budget_holds_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_holds" ADD CONSTRAINT "budget_holds_appropriation_id_appropriations_id_fk" FOREIGN KEY ("appropriation_id") REFERENCES "public"."appropriations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appropriations_line_uq" ON "appropriations" USING btree ("purchaser_role","purchaser_region_code","funding_source","year");--> statement-breakpoint
CREATE INDEX "appropriations_region_idx" ON "appropriations" USING btree ("purchaser_region_code" text_pattern_ops,"year");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_holds_project_uq" ON "budget_holds" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "budget_holds_appropriation_idx" ON "budget_holds" USING btree ("appropriation_id");