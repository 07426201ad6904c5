-- Accepting a run in one round trip (issue 10). The accept's statements used to be seven round trips in
-- the request's transaction (idempotency claim, breaker read, debit, ledger row, run row, audit append,
-- idempotency response); this function runs the same statements, in the same transaction, in one call.
--
-- It takes only the common case: the breaker is closed (or has no row yet), the Idempotency-Key (if any)
-- is new or expired, and the current period exists and covers the price within the budget. Anything else
-- returns false having changed nothing, and the application runs its own path (RunsResource), which
-- decides every other case (replay, 409, 402, budget, opening a period, a breaker's trial or refusal).
--
-- Invoker's rights (the app role, RLS as usual); the audit row goes through eclips_append_audit (V10),
-- which refuses rows for any org but the transaction's tenant. The argument:
--   {price, period, run: {id, agent_type, livemode, input, document_id, api_key_id, created_at},
--    idempotency: null | {scope, key, request_hash (hex), response_body}, audit: <eclips_append_audit batch>}
CREATE FUNCTION eclips_accept_run(p jsonb)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_org    uuid := eclips_current_org();
    v_run    jsonb := p -> 'run';
    v_id     uuid := (p -> 'run' ->> 'id')::uuid;
    v_agent  text := p -> 'run' ->> 'agent_type';
    v_price  bigint := (p ->> 'price')::bigint;
    v_period date := (p ->> 'period')::date;
    v_idem   jsonb := nullif(p -> 'idempotency', 'null'::jsonb);
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    IF v_price IS NULL OR v_price <= 0 OR v_period IS NULL OR v_id IS NULL OR v_agent IS NULL THEN
        RAISE EXCEPTION 'incomplete accept' USING ERRCODE = '22023';
    END IF;

    -- Ring step 6: a breaker in any state but closed is the application's to judge.
    PERFORM 1 FROM agent_circuit_breakers
     WHERE org_id = v_org AND agent_type = v_agent AND state <> 'closed';
    IF FOUND THEN
        RETURN false;
    END IF;

    -- The claim, with the response it will replay: a concurrent duplicate waits on the unique index
    -- until this transaction ends, then finds the stored response (or, after a rollback, claims).
    IF v_idem IS NOT NULL THEN
        INSERT INTO idempotency_keys (org_id, id, scope, idem_key, request_hash, expires_at,
                                      response_status, response_body, resource_id)
        VALUES (v_org, gen_random_uuid(), v_idem ->> 'scope', v_idem ->> 'key',
                decode(v_idem ->> 'request_hash', 'hex'), now() + interval '24 hours',
                202, v_idem ->> 'response_body', v_id)
        ON CONFLICT (org_id, scope, idem_key) DO UPDATE
            SET request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status,
                response_body = EXCLUDED.response_body, resource_id = EXCLUDED.resource_id,
                created_at = now(), expires_at = EXCLUDED.expires_at
            WHERE idempotency_keys.expires_at < now();
        IF NOT FOUND THEN
            RETURN false; -- a live key: replay or 409, the application's to answer
        END IF;
    END IF;

    -- Ring step 7: the same conditional debit as Credits.debit; the row lock serialises the org's debits.
    UPDATE credit_usage_periods SET used = used + v_price, balance = balance - v_price, updated_at = now()
     WHERE org_id = v_org AND period_start = v_period
       AND balance >= v_price AND (budget IS NULL OR used + v_price <= budget);
    IF NOT FOUND THEN
        IF v_idem IS NOT NULL THEN
            -- undo this call's claim (uncommitted, seen by nobody) so the application's path starts clean
            DELETE FROM idempotency_keys
             WHERE org_id = v_org AND scope = v_idem ->> 'scope' AND idem_key = v_idem ->> 'key';
        END IF;
        RETURN false;
    END IF;
    INSERT INTO credit_ledger (org_id, id, entry_type, amount, period_start, run_id)
    VALUES (v_org, gen_random_uuid(), 'debit', -v_price, v_period, v_id);

    INSERT INTO agent_runs (org_id, id, agent_type, status, livemode, credits_charged, input, document_id,
                            api_key_id, created_at)
    VALUES (v_org, v_id, v_agent, 'queued', (v_run ->> 'livemode')::boolean, v_price, v_run -> 'input',
            (v_run ->> 'document_id')::uuid, (v_run ->> 'api_key_id')::uuid,
            (v_run ->> 'created_at')::timestamptz);

    -- Ring step 8, in the same transaction: all of it commits, or none.
    PERFORM eclips_append_audit(p -> 'audit');
    RETURN true;
END
$$;

REVOKE ALL ON FUNCTION eclips_accept_run(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_accept_run(jsonb) TO ${app_role};
