-- Coalesced accepts (issue 10): the accepts that arrived while the previous batch committed, of any
-- orgs, in one call and one transaction (group commit). Each element is eclips_accept_run's argument
-- plus "org"; for each, in the given order, the transaction is bound to that org (as
-- eclips_append_audit_per_org does; RLS and the audit refusal follow the binding) and eclips_accept_run
-- decides. The result has one character per element: 't' accepted, 'f' the application's to judge (the
-- database changed nothing for it). An error in any element fails the call and the transaction; the
-- application then accepts each request on its own. Callers order the elements by org, so two batches
-- take the orgs' locks in the same order.
CREATE FUNCTION eclips_accept_runs(p_accepts jsonb)
    RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_accept  jsonb;
    v_outcome text := '';
BEGIN
    IF jsonb_typeof(p_accepts) <> 'array' THEN
        RAISE EXCEPTION 'accepts must be an array' USING ERRCODE = '22023';
    END IF;
    FOR v_accept IN SELECT e FROM jsonb_array_elements(p_accepts) e LOOP
        IF v_accept ->> 'org' IS NULL THEN
            RAISE EXCEPTION 'an accept without its org' USING ERRCODE = '22023';
        END IF;
        PERFORM set_config('app.org_id', (v_accept ->> 'org')::uuid::text, true);
        v_outcome := v_outcome || CASE WHEN eclips_accept_run(v_accept) THEN 't' ELSE 'f' END;
    END LOOP;
    RETURN v_outcome;
END
$$;

REVOKE ALL ON FUNCTION eclips_accept_runs(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_accept_runs(jsonb) TO ${app_role};
