CREATE INDEX "panel_members_evaluator_idx" ON "panel_members" USING btree ("evaluator_user_id");--> statement-breakpoint
CREATE INDEX "projects_open_anywhere_idx" ON "projects" USING btree ("bid_deadline") WHERE "projects"."status" = 'published' AND NOT "projects"."region_restricted";--> statement-breakpoint
CREATE INDEX "contracts_purchaser_idx" ON "contracts" USING btree ("purchaser_region_code","purchaser_role");--> statement-breakpoint
CREATE INDEX "contracts_payer_org_idx" ON "contracts" USING btree ("payer_organization_id") WHERE "contracts"."payer_organization_id" IS NOT NULL;