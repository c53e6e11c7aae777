CREATE TABLE "panel_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"large_budget_fen" bigint NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "panel_settings_one_row_ck" CHECK ("panel_settings"."id" = 1),
	CONSTRAINT "panel_settings_positive_ck" CHECK ("panel_settings"."large_budget_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "panel_settings" ADD CONSTRAINT "panel_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;