CREATE TABLE "purchase_intentions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchaser_role" text NOT NULL,
	"purchaser_region_code" text NOT NULL,
	"created_by" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"service_categories" text[] NOT NULL,
	"budget_fen" bigint NOT NULL,
	"funding_source" text NOT NULL,
	"year" integer NOT NULL,
	"expected_month" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"revision_count" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"revised_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "purchase_intentions" ADD CONSTRAINT "purchase_intentions_purchaser_region_code_regions_code_fk" FOREIGN KEY ("purchaser_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_intentions" ADD CONSTRAINT "purchase_intentions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "purchase_intentions_list_idx" ON "purchase_intentions" USING btree ("status","year","purchaser_region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "purchase_intentions_purchaser_idx" ON "purchase_intentions" USING btree ("purchaser_region_code","purchaser_role","year");