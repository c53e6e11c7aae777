CREATE TABLE "project_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"filed_by" uuid NOT NULL,
	"matter" text NOT NULL,
	"bid_id" uuid,
	"reasons" text NOT NULL,
	"evidence" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"answer_due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"answer" text,
	"outcome" text,
	"remedy" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid
);
--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "notice_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "project_challenges" ADD CONSTRAINT "project_challenges_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_challenges" ADD CONSTRAINT "project_challenges_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_challenges" ADD CONSTRAINT "project_challenges_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_challenges" ADD CONSTRAINT "project_challenges_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_challenges" ADD CONSTRAINT "project_challenges_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_challenges_project_idx" ON "project_challenges" USING btree ("project_id","filed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "project_challenges_one_open_uq" ON "project_challenges" USING btree ("project_id","organization_id") WHERE "project_challenges"."status" = 'open';