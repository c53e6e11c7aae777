-- Contracts drafted before contract documents existed get their numbers, in the order they were
-- drafted: per purchasing unit and China year for contracts, per parent for subcontracts (ADR 019).
-- Their terms stay NULL (none were agreed) and they were never published.
INSERT INTO contract_documents (contract_id, number)
SELECT c.id,
       c.purchaser_region_code || '-' || to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' ||
       lpad(row_number() OVER (
         PARTITION BY c.purchaser_role, c.purchaser_region_code, to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY')
         ORDER BY c.created_at, c.id)::text, 4, '0')
FROM contracts c
WHERE c.parent_contract_id IS NULL AND c.purchaser_region_code IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM contract_documents d WHERE d.contract_id = c.id);
--> statement-breakpoint
INSERT INTO contract_documents (contract_id, number)
SELECT s.id, p.number || '-F' || row_number() OVER (PARTITION BY s.parent_contract_id ORDER BY s.created_at, s.id)
FROM contracts s JOIN contract_documents p ON p.contract_id = s.parent_contract_id
WHERE NOT EXISTS (SELECT 1 FROM contract_documents d WHERE d.contract_id = s.id);
--> statement-breakpoint
INSERT INTO contract_number_counters (purchaser_role, purchaser_region_code, year, last)
SELECT c.purchaser_role, c.purchaser_region_code, to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY')::integer, count(*)
FROM contracts c
WHERE c.parent_contract_id IS NULL AND c.purchaser_region_code IS NOT NULL
GROUP BY 1, 2, 3;
--> statement-breakpoint
-- A contract's number never changes and its document is never deleted; once the contract is signed
-- its terms are what both sides confirmed, and its publication, once made, stands. Refused at the
-- database, whoever asks (as migration 0011 does for the contract row itself).
CREATE OR REPLACE FUNCTION contract_document_immutable() RETURNS trigger AS $$
DECLARE
  contract_status text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'contract documents are kept: DELETE refused on %', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.contract_id IS DISTINCT FROM OLD.contract_id OR NEW.number IS DISTINCT FROM OLD.number THEN
    RAISE EXCEPTION 'a contract number never changes (%)', OLD.number USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.published_at IS NOT NULL AND NEW.published_at IS DISTINCT FROM OLD.published_at THEN
    RAISE EXCEPTION 'contract % was published: its publication stands', OLD.number USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT status INTO contract_status FROM contracts WHERE id = OLD.contract_id;
  IF contract_status <> 'draft' AND (NEW.terms IS DISTINCT FROM OLD.terms OR NEW.terms_updated_at IS DISTINCT FROM OLD.terms_updated_at) THEN
    RAISE EXCEPTION 'contract % is signed: its terms change only by amendment', OLD.number USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER contract_documents_immutable BEFORE UPDATE OR DELETE ON contract_documents
  FOR EACH ROW EXECUTE FUNCTION contract_document_immutable();
