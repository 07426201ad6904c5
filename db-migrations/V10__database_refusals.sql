-- Hardening (issue 9): the database refuses what the tenant-serving app role must never do, however
-- the application is misused. Three refusals:
--   1. platform functions (create an org, change a plan, list every org or every unfinished run) are
--      callable only by a separate login role, ${platform_app_role}, never by ${app_role};
--   2. the audit purge computes its cut-off itself from the org's plan: nothing inside retention can
--      be deleted, whatever the caller passes (it passes nothing);
--   3. audit rows are inserted only through eclips_append_audit, which runs as the NOLOGIN role
--      ${audit_writer_role} and refuses rows for any org but the transaction's tenant.

-- 1. Platform functions -------------------------------------------------------------------------
-- ${platform_app_role} logs in (its own Liberty dataSource, used only by the platform jobs), owns
-- nothing, belongs to no role and has no table privilege: it can run these four functions and nothing
-- else. A tenant request runs on ${app_role}'s connections, which can neither call them nor become
-- ${platform_app_role} (no membership, so no SET ROLE).
REVOKE EXECUTE ON FUNCTION eclips_gate.platform_create_org(uuid, text, text) FROM ${app_role};
REVOKE EXECUTE ON FUNCTION eclips_gate.platform_change_plan(uuid, text) FROM ${app_role};
REVOKE EXECUTE ON FUNCTION eclips_gate.all_org_ids() FROM ${app_role};
REVOKE EXECUTE ON FUNCTION eclips_gate.unfinished_runs(timestamptz) FROM ${app_role};
GRANT USAGE ON SCHEMA eclips_gate TO ${platform_app_role};
GRANT EXECUTE ON FUNCTION eclips_gate.platform_create_org(uuid, text, text) TO ${platform_app_role};
GRANT EXECUTE ON FUNCTION eclips_gate.platform_change_plan(uuid, text) TO ${platform_app_role};
GRANT EXECUTE ON FUNCTION eclips_gate.all_org_ids() TO ${platform_app_role};
GRANT EXECUTE ON FUNCTION eclips_gate.unfinished_runs(timestamptz) TO ${platform_app_role};

-- 2. Audit retention ----------------------------------------------------------------------------
-- The one source of truth for how long each plan keeps audit entries (CONTRACT §2). Owned by the owner
-- role: the app can read it, never change it. The app's reads and the purge both go through
-- eclips_audit_retained_since(), so what the API shows and what the purge keeps cannot differ.
CREATE TABLE plan_audit_retention (
    plan  text    PRIMARY KEY,
    days  integer NOT NULL CHECK (days > 0)
);
INSERT INTO plan_audit_retention (plan, days)
VALUES ('starter', 7), ('pro', 30), ('team', 90), ('growth', 180), ('enterprise', 365);
GRANT SELECT ON plan_audit_retention TO ${app_role}, ${retention_role};

-- The oldest instant the transaction's org still keeps; NULL with no tenant (or an unknown plan).
-- Invoker's rights: the app role reads its own org through RLS, the retention role likewise below.
CREATE FUNCTION eclips_audit_retained_since() RETURNS timestamptz
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT now() - make_interval(days => r.days)
      FROM public.organizations o JOIN public.plan_audit_retention r ON r.plan = o.plan
     WHERE o.id = public.eclips_current_org()
$$;
REVOKE ALL ON FUNCTION eclips_audit_retained_since() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_audit_retained_since() TO ${app_role}, ${retention_role};

GRANT SELECT ON organizations TO ${retention_role};
CREATE POLICY retention_reads_own_org ON organizations FOR SELECT TO ${retention_role}
    USING (id = eclips_current_org());

-- The old purge took its cut-off from the caller: with now() + 1 day it emptied the log. Gone.
DROP FUNCTION eclips_gate.purge_audit_log(timestamptz);

CREATE FUNCTION eclips_gate.purge_audit_log()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org    uuid := public.eclips_current_org();
    v_before timestamptz;
    v_last   record;
    v_count  bigint;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    v_before := public.eclips_audit_retained_since();
    IF v_before IS NULL THEN
        RETURN 0;
    END IF;
    -- the chain lock: no append can link to an entry this purge is removing
    PERFORM pg_advisory_xact_lock(hashtextextended(v_org::text, 7));
    SELECT seq, hash INTO v_last FROM public.audit_log
     WHERE org_id = v_org AND occurred_at < v_before ORDER BY seq DESC LIMIT 1;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    INSERT INTO public.audit_anchors (org_id, id, through_seq, hash)
    VALUES (v_org, gen_random_uuid(), v_last.seq, v_last.hash)
    ON CONFLICT (org_id, through_seq) DO NOTHING;
    DELETE FROM public.audit_log WHERE org_id = v_org AND seq <= v_last.seq;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
ALTER FUNCTION eclips_gate.purge_audit_log() OWNER TO ${retention_role};
REVOKE ALL ON FUNCTION eclips_gate.purge_audit_log() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.purge_audit_log() TO ${app_role};

-- 3. Audit inserts only through the chain function -----------------------------------------------
REVOKE INSERT ON audit_log FROM ${app_role};
DROP POLICY tenant_appends_own ON audit_log;

GRANT USAGE ON SCHEMA public TO ${audit_writer_role};
GRANT EXECUTE ON FUNCTION eclips_current_org() TO ${audit_writer_role};
GRANT SELECT, INSERT ON audit_log TO ${audit_writer_role};
GRANT SELECT ON audit_anchors TO ${audit_writer_role};
CREATE POLICY audit_writer_reads_tail ON audit_log FOR SELECT TO ${audit_writer_role}
    USING (org_id = eclips_current_org());
CREATE POLICY audit_writer_appends ON audit_log FOR INSERT TO ${audit_writer_role}
    WITH CHECK (org_id = eclips_current_org());
CREATE POLICY audit_writer_reads_anchor ON audit_anchors FOR SELECT TO ${audit_writer_role}
    USING (org_id = eclips_current_org());

-- Same batch format and hash definition as V6; now definer's rights with a pinned search_path, and
-- every org in the batch must be the transaction's tenant (set before the call). The chain lock
-- (advisory, per org) still serialises concurrent appenders, so a chain cannot fork.
CREATE OR REPLACE FUNCTION eclips_append_audit(p_batch jsonb)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_tenant uuid := public.eclips_current_org();
    v_org    record;
    v_row    record;
    v_seq    bigint;
    v_prev   bytea;
    v_hash   bytea;
    v_count  integer := 0;
BEGIN
    IF v_tenant IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    FOR v_org IN SELECT (e ->> 'org')::uuid AS org, e -> 'rows' AS rows FROM jsonb_array_elements(p_batch) e LOOP
        IF v_org.org IS DISTINCT FROM v_tenant THEN
            RAISE EXCEPTION 'audit rows for another org than the tenant' USING ERRCODE = '42501';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended(v_org.org::text, 7));
        v_seq := NULL;
        v_prev := NULL;
        SELECT a.seq, a.hash INTO v_seq, v_prev FROM public.audit_log a
         WHERE a.org_id = v_org.org ORDER BY a.seq DESC LIMIT 1;
        IF NOT FOUND THEN
            SELECT n.through_seq, n.hash INTO v_seq, v_prev FROM public.audit_anchors n
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
            INSERT INTO public.audit_log (org_id, id, seq, occurred_at, actor_type, actor_id, actor_hint, action,
                                          resource_type, resource_id, outcome, code, request_id, client_address,
                                          user_agent, occurrences, prev_hash, hash)
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
-- A new owner needs CREATE on the function's schema at the moment of the change, and only then.
GRANT CREATE ON SCHEMA public TO ${audit_writer_role};
ALTER FUNCTION eclips_append_audit(jsonb) OWNER TO ${audit_writer_role};
REVOKE CREATE ON SCHEMA public FROM ${audit_writer_role};
REVOKE ALL ON FUNCTION eclips_append_audit(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_append_audit(jsonb) TO ${app_role};

-- The group commit writes several orgs' entries in one round trip: this invoker's-rights loop binds
-- the transaction to each org in turn (which the app role may do anyway) and hands that org's rows to
-- eclips_append_audit, which checks them against the tenant. It grants nothing the app lacks.
CREATE FUNCTION eclips_append_audit_per_org(p_batch jsonb)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org   jsonb;
    v_count integer := 0;
BEGIN
    FOR v_org IN SELECT e FROM jsonb_array_elements(p_batch) e LOOP
        PERFORM set_config('app.org_id', (v_org ->> 'org')::uuid::text, true);
        v_count := v_count + public.eclips_append_audit(jsonb_build_array(v_org));
    END LOOP;
    RETURN v_count;
END
$$;
REVOKE ALL ON FUNCTION eclips_append_audit_per_org(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_append_audit_per_org(jsonb) TO ${app_role};
