CREATE TABLE "expert_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"specialties" text[] NOT NULL,
	"region_code" text,
	"employer_organization_id" uuid,
	"employer_name" text,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "expert_relations" (
	"expert_user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"note" text NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	CONSTRAINT "expert_relations_expert_user_id_organization_id_pk" PRIMARY KEY("expert_user_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "panel_draws" (
	"project_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"seed" text NOT NULL,
	"candidate_ids" uuid[] NOT NULL,
	"excluded" jsonb NOT NULL,
	"fallback" boolean DEFAULT false NOT NULL,
	"size" integer NOT NULL,
	"counter_start" integer NOT NULL,
	"counter_end" integer NOT NULL,
	"drawn_ids" uuid[] NOT NULL,
	"replaces_user_id" uuid,
	"drawn_by" uuid NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "expert_profiles" ADD CONSTRAINT "expert_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_profiles" ADD CONSTRAINT "expert_profiles_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_profiles" ADD CONSTRAINT "expert_profiles_employer_organization_id_organizations_id_fk" FOREIGN KEY ("employer_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_relations" ADD CONSTRAINT "expert_relations_expert_user_id_expert_profiles_user_id_fk" FOREIGN KEY ("expert_user_id") REFERENCES "public"."expert_profiles"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_relations" ADD CONSTRAINT "expert_relations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_draws" ADD CONSTRAINT "panel_draws_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_draws" ADD CONSTRAINT "panel_draws_replaces_user_id_users_id_fk" FOREIGN KEY ("replaces_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_draws" ADD CONSTRAINT "panel_draws_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "panel_draws_step_uq" ON "panel_draws" USING btree ("project_id","step");