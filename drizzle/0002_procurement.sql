CREATE TABLE "awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text DEFAULT 'awarded' NOT NULL,
	"decline_reason" text,
	"awarded_by" uuid NOT NULL,
	"awarded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bidding_bans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"until" date NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"submitted_by" uuid NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"price_fen" bigint NOT NULL,
	"service_plan" text NOT NULL,
	"team" text NOT NULL,
	"expected_outputs" text NOT NULL,
	"eligible" boolean DEFAULT true NOT NULL,
	"ineligible_reason" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "panel_members" (
	"project_id" uuid NOT NULL,
	"evaluator_user_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"recusal_reason" text,
	"submitted_at" timestamp with time zone,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"changes" jsonb NOT NULL,
	"material" boolean NOT NULL,
	"previous_deadline" timestamp with time zone NOT NULL,
	"new_deadline" timestamp with time zone NOT NULL,
	"note" text NOT NULL,
	"actor_user_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"weight" integer NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"purchaser_role" text NOT NULL,
	"purchaser_region_code" text NOT NULL,
	"created_by" uuid NOT NULL,
	"service_categories" text[] NOT NULL,
	"beneficiary_groups" text[] NOT NULL,
	"region_code" text NOT NULL,
	"budget_fen" bigint NOT NULL,
	"funding_source" text NOT NULL,
	"service_start" date NOT NULL,
	"service_end" date NOT NULL,
	"allowed_legal_statuses" text[] NOT NULL,
	"allowed_kinds" text[] NOT NULL,
	"region_restricted" boolean DEFAULT true NOT NULL,
	"bid_deadline" timestamp with time zone NOT NULL,
	"notice_days" integer DEFAULT 5 NOT NULL,
	"scoring_method" text DEFAULT 'mean' NOT NULL,
	"tolerance_hundredths" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"amendment_count" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"ranked_at" timestamp with time zone,
	"notice_ends_at" timestamp with time zone,
	"awarded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rankings" (
	"project_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"rank" integer,
	"total_hundredths" integer NOT NULL,
	"preferred" boolean NOT NULL,
	"reasons" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"project_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"evaluator_user_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"points_hundredths" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bidding_bans" ADD CONSTRAINT "bidding_bans_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_evaluator_user_id_users_id_fk" FOREIGN KEY ("evaluator_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_amendments" ADD CONSTRAINT "project_amendments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_criteria" ADD CONSTRAINT "project_criteria_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_purchaser_region_code_regions_code_fk" FOREIGN KEY ("purchaser_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rankings" ADD CONSTRAINT "rankings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rankings" ADD CONSTRAINT "rankings_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_criterion_id_project_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."project_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "awards_one_live_uq" ON "awards" USING btree ("project_id") WHERE "awards"."status" = 'awarded';--> statement-breakpoint
CREATE INDEX "bidding_bans_org_idx" ON "bidding_bans" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bids_one_live_uq" ON "bids" USING btree ("project_id","organization_id") WHERE "bids"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "bids_project_idx" ON "bids" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "bids_organization_idx" ON "bids" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_members_pk" ON "panel_members" USING btree ("project_id","evaluator_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_amendments_number_uq" ON "project_amendments" USING btree ("project_id","number");--> statement-breakpoint
CREATE INDEX "project_criteria_project_idx" ON "project_criteria" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "projects_region_prefix_idx" ON "projects" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "projects_status_deadline_idx" ON "projects" USING btree ("status","bid_deadline");--> statement-breakpoint
CREATE INDEX "projects_purchaser_idx" ON "projects" USING btree ("purchaser_region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "rankings_pk" ON "rankings" USING btree ("project_id","bid_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scores_pk" ON "scores" USING btree ("bid_id","evaluator_user_id","criterion_id");--> statement-breakpoint
CREATE INDEX "scores_project_idx" ON "scores" USING btree ("project_id");