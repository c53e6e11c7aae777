ALTER TABLE "projects" ADD COLUMN "intention_id" uuid;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "no_intention_reason" text;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_intention_id_purchase_intentions_id_fk" FOREIGN KEY ("intention_id") REFERENCES "public"."purchase_intentions"("id") ON DELETE no action ON UPDATE no action;