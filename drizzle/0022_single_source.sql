ALTER TABLE "projects" ADD COLUMN "single_source_organization_id" uuid;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "single_source_ground" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "single_source_justification" text;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_single_source_organization_id_organizations_id_fk" FOREIGN KEY ("single_source_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;