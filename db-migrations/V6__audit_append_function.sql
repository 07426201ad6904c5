-- Appending to audit chains in one round trip. The caller (the app role; SECURITY INVOKER, so RLS
-- applies as usual) passes a batch [{org, rows: [{id, at, payload, actor_type, ...}]}]. For each org the
-- function binds the transaction to it (the app role can do that anyway: SET LOCAL app.org_id), takes the
-- org's chain lock, and links each row: hash = sha256(prev_hash || utf8(seq US at US actor_type US ... US
-- occurrences)), US = chr(31), NULL = '', computed from the very values it stores. 'at' is the time as the
-- application formats it (java.time.Instant#toString, microseconds), which the verifier
-- (tech.eclips.workforce.audit.control.AuditChain) reproduces from occurred_at.

CREATE FUNCTION eclips_append_audit(p_batch jsonb)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_org   record;
    v_row   record;
    v_seq   bigint;
    v_prev  bytea;
    v_hash  bytea;
    v_count integer := 0;
BEGIN
    FOR v_org IN SELECT (e ->> 'org')::uuid AS org, e -> 'rows' AS rows FROM jsonb_array_elements(p_batch) e LOOP
        PERFORM set_config('app.org_id', v_org.org::text, true);
        PERFORM pg_advisory_xact_lock(hashtextextended(v_org.org::text, 7));
        SELECT a.seq, a.hash INTO v_seq, v_prev FROM audit_log a
         WHERE a.org_id = v_org.org ORDER BY a.seq DESC LIMIT 1;
        IF NOT FOUND THEN
            SELECT n.through_seq, n.hash INTO v_seq, v_prev FROM audit_anchors n
             WHERE n.org_id = v_org.org ORDER BY n.through_seq DESC LIMIT 1;
        END IF;
        v_seq := coalesce(v_seq, 0);
        FOR v_row IN SELECT * FROM jsonb_to_recordset(v_org.rows) AS r(
                id uuid, at text, actor_type text, actor_id text, actor_hint text, action text,
                resource_type text, resource_id text, outcome text, code text, request_id text, client_address text,
                user_agent text, occurrences integer) LOOP
            v_seq := v_seq + 1;
            v_hash := sha256(coalesce(v_prev, ''::bytea) || convert_to(concat_ws(chr(31), v_seq::text, v_row.at,
                coalesce(v_row.actor_type, ''), coalesce(v_row.actor_id, ''), coalesce(v_row.actor_hint, ''),
                coalesce(v_row.action, ''), coalesce(v_row.resource_type, ''), coalesce(v_row.resource_id, ''),
                coalesce(v_row.outcome, ''), coalesce(v_row.code, ''), coalesce(v_row.request_id, ''),
                coalesce(v_row.client_address, ''), coalesce(v_row.user_agent, ''), v_row.occurrences::text), 'UTF8'));
            INSERT INTO audit_log (org_id, id, seq, occurred_at, actor_type, actor_id, actor_hint, action, resource_type,
                                   resource_id, outcome, code, request_id, client_address, user_agent, occurrences,
                                   prev_hash, hash)
            VALUES (v_org.org, v_row.id, v_seq, v_row.at::timestamptz, v_row.actor_type, v_row.actor_id, v_row.actor_hint,
                    v_row.action, v_row.resource_type, v_row.resource_id, v_row.outcome, v_row.code, v_row.request_id,
                    v_row.client_address, v_row.user_agent, v_row.occurrences, v_prev, v_hash);
            v_prev := v_hash;
            v_count := v_count + 1;
        END LOOP;
    END LOOP;
    RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION eclips_append_audit(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_append_audit(jsonb) TO ${app_role};
