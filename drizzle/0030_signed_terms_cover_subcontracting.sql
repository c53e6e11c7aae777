-- The terms migration 0011 freezes at signing gain what ADR 022 added to a contract: the share that may
-- be subcontracted and the work that may not, the purchaser's written consent to a subcontract (given
-- before it is signed), and which tranche is an advance. The functions are replaced whole; the triggers
-- that call them stay.
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
    OR NEW.subcontract_max_percent IS DISTINCT FROM OLD.subcontract_max_percent
    OR NEW.subcontract_excluded_work IS DISTINCT FROM OLD.subcontract_excluded_work
    OR NEW.consent_decision IS DISTINCT FROM OLD.consent_decision
    OR NEW.consent_text IS DISTINCT FROM OLD.consent_text
    OR NEW.consent_by IS DISTINCT FROM OLD.consent_by
    OR NEW.consent_at IS DISTINCT FROM OLD.consent_at
  ) THEN
    RAISE EXCEPTION 'contract % is signed: its terms change only by amendment', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tranche_terms_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'contract schedules are kept: DELETE refused on %', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.contract_id IS DISTINCT FROM OLD.contract_id
    OR NEW.position IS DISTINCT FROM OLD.position
    OR NEW.percent IS DISTINCT FROM OLD.percent
    OR NEW.amount_fen IS DISTINCT FROM OLD.amount_fen
    OR NEW.milestone_id IS DISTINCT FROM OLD.milestone_id
    OR NEW.advance IS DISTINCT FROM OLD.advance THEN
    RAISE EXCEPTION 'the schedule of a contract is fixed: UPDATE of its terms refused on %', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
