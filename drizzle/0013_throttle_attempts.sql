ALTER TABLE "login_attempts" ALTER COLUMN "account" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "login_attempts" ADD COLUMN "kind" text DEFAULT 'signIn' NOT NULL;--> statement-breakpoint
CREATE INDEX "login_attempts_at_idx" ON "login_attempts" USING btree ("at");--> statement-breakpoint
ALTER TABLE "login_attempts" ADD CONSTRAINT "login_attempts_kind_ck" CHECK ("login_attempts"."kind" IN ('signIn', 'signUp', 'password'));--> statement-breakpoint
-- Rows keyed the old way (`email:…`, `mobile:…`, `raw:<what was typed>`) count for no limit now, and
-- the raw ones may hold a password typed into the identifier field: drop them (they would age out
-- within 15 minutes anyway).
DELETE FROM "login_attempts" WHERE "account" NOT LIKE 'user:%' AND "account" NOT LIKE 'ident:%';
