-- Audit chain head (single row) and the retention exception to the append-only rule.
INSERT INTO audit_chain_head (id, last_id, last_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')
  ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
-- UPDATE and TRUNCATE stay refused for everyone. DELETE is allowed only inside a transaction that set
-- `SET LOCAL openward.audit_retention = 'on'` (the retention job, which records an anchor in the same
-- transaction so verification can start after the cut).
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('openward.audit_retention', true), '') = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
