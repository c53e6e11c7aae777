CREATE TABLE "contract_documents" (
	"contract_id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"terms" jsonb,
	"terms_updated_at" timestamp with time zone,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contract_number_counters" (
	"purchaser_role" text NOT NULL,
	"purchaser_region_code" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "contract_number_counters_purchaser_role_purchaser_region_code_year_pk" PRIMARY KEY("purchaser_role","purchaser_region_code","year")
);
--> statement-breakpoint
CREATE TABLE "contract_templates" (
	"purchaser_role" text NOT NULL,
	"purchaser_region_code" text NOT NULL,
	"sections" jsonb NOT NULL,
	"revision" integer NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contract_templates_purchaser_role_purchaser_region_code_pk" PRIMARY KEY("purchaser_role","purchaser_region_code")
);
--> statement-breakpoint
ALTER TABLE "contract_documents" ADD CONSTRAINT "contract_documents_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contract_documents_number_uq" ON "contract_documents" USING btree ("number");