-- A signed contract is immutable (policy §3.4): after signing, its parties, money and schedule are
-- what both sides confirmed. Dates move only by amendments (end_date, milestones.due_date); state
-- moves forward through the transition tables. Refused at the database, whoever asks.
CREATE OR REPLACE FUNCTION contract_terms_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'contracts are kept: DELETE refused on %', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status <> 'draft' AND (
       NEW.status = 'draft'
    OR NEW.project_id IS DISTINCT FROM OLD.project_id
    OR NEW.award_id IS DISTINCT FROM OLD.award_id
    OR NEW.parent_contract_id IS DISTINCT FROM OLD.parent_contract_id
    OR NEW.purchaser_role IS DISTINCT FROM OLD.purchaser_role
    OR NEW.purchaser_region_code IS DISTINCT FROM OLD.purchaser_region_code
    OR NEW.payer_organization_id IS DISTINCT FROM OLD.payer_organization_id
    OR NEW.payee_organization_id IS DISTINCT FROM OLD.payee_organization_id
    OR NEW.title IS DISTINCT FROM OLD.title
    OR NEW.amount_fen IS DISTINCT FROM OLD.amount_fen
    OR NEW.funding_source IS DISTINCT FROM OLD.funding_source
    OR NEW.start_date IS DISTINCT FROM OLD.start_date
    OR NEW.payment_rail IS DISTINCT FROM OLD.payment_rail
    OR NEW.payer_confirmed_at IS DISTINCT FROM OLD.payer_confirmed_at
    OR NEW.payee_confirmed_at IS DISTINCT FROM OLD.payee_confirmed_at
    OR NEW.signed_at IS DISTINCT FROM OLD.signed_at
    OR NEW.created_by IS DISTINCT FROM OLD.created_by
    OR NEW.created_at IS DISTINCT FROM OLD.created_at
  ) THEN
    RAISE EXCEPTION 'contract % is signed: its terms change only by amendment', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER contracts_terms_immutable BEFORE UPDATE OR DELETE ON contracts
  FOR EACH ROW EXECUTE FUNCTION contract_terms_immutable();
--> statement-breakpoint
-- A schedule is written once, with its contract: what a tranche is worth and what unlocks it, and
-- what a milestone is, never change; a milestone's due date moves by amendment. (One function per
-- table: PL/pgSQL resolves NEW's fields when it plans the expression.)
CREATE OR REPLACE FUNCTION tranche_terms_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'contract schedules are kept: DELETE refused on %', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.contract_id IS DISTINCT FROM OLD.contract_id
    OR NEW.position IS DISTINCT FROM OLD.position
    OR NEW.percent IS DISTINCT FROM OLD.percent
    OR NEW.amount_fen IS DISTINCT FROM OLD.amount_fen
    OR NEW.milestone_id IS DISTINCT FROM OLD.milestone_id THEN
    RAISE EXCEPTION 'the schedule of a contract is fixed: UPDATE of its terms refused on %', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION milestone_terms_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'contract schedules are kept: DELETE refused on %', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.contract_id IS DISTINCT FROM OLD.contract_id
    OR NEW.position IS DISTINCT FROM OLD.position
    OR NEW.title IS DISTINCT FROM OLD.title
    OR NEW.kind IS DISTINCT FROM OLD.kind THEN
    RAISE EXCEPTION 'the schedule of a contract is fixed: UPDATE of its terms refused on %', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER tranches_schedule_immutable BEFORE UPDATE OR DELETE ON tranches
  FOR EACH ROW EXECUTE FUNCTION tranche_terms_immutable();
--> statement-breakpoint
CREATE TRIGGER milestones_schedule_immutable BEFORE UPDATE OR DELETE ON milestones
  FOR EACH ROW EXECUTE FUNCTION milestone_terms_immutable();
