-- One accept (issue 21, item 2). The accept had three routes, two in SQL (eclips_accept_run, V12/V17/V21:
-- one accept in the request's transaction; eclips_accept_runs, V13/V22: a batch of them) answering only
-- true/false, and a third in Java that repeated the claim, the debit and the insert step by step for
-- every case the SQL left to it. Now one function takes any number of accepts (a batch, or the one of a
-- request's own transaction) and says for each why it was not accepted, so the application maps a
-- reason to its answer instead of judging the case again:
--   accepted              run, debit and ledger row, audit entry and stored response are written
--   replay                a live Idempotency-Key of the same request: its stored response (resource_id,
--                         response_body) is the answer
--   idempotency_conflict  a live Idempotency-Key of another request (or of one without its response)
--   insufficient_credits  the balance is below the price (balance)
--   budget_exceeded       the period's budget would be overspent (used, budget)
--   breaker_not_closed    the run's breaker (its org, mode, agent type) is open or half-open: whether the
--                         run is refused or becomes the trial is the breakers' rule (BreakerState); after
--                         a trial is claimed the application calls again with "breaker_admitted": true
-- Whatever the reason, an accept that is not accepted has written nothing. A missing period is opened
-- (eclips_credit_debit's p_open), as the application's path used to do after its own debit failed.
--
-- Each element is bound to its org with the org's proof (eclips_enter_org, V22: no element without one),
-- RLS and the audit refusal follow the binding, and the transaction stays bound to the last element's org.
-- Invoker's rights; the app role gains no privilege (it could write every one of these rows itself). An
-- error in any element fails the call and the transaction. Callers order the elements by org, so two
-- batches take the orgs' locks in the same order. One element:
--   {org, proof, price, breaker_admitted?, run: {id, agent_type, livemode, input, document_id?,
--    api_key_id?, created_at}, idempotency?: {scope, key, request_hash (hex), response_body},
--    audit: <eclips_append_audit batch>}
DROP FUNCTION eclips_accept_runs(jsonb);
DROP FUNCTION eclips_accept_run(jsonb);

CREATE FUNCTION eclips_accept_runs(p_accepts jsonb)
    RETURNS TABLE (run_id uuid, reason text, resource_id uuid, response_body text,
                   balance bigint, used bigint, budget bigint)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, public, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    a       jsonb;
    v_org   uuid;
    v_agent text;
    v_live  boolean;
    v_price bigint;
    v_idem  jsonb;
    v_hash  bytea;
    v_code  smallint;
BEGIN
    IF jsonb_typeof(p_accepts) <> 'array' THEN
        RAISE EXCEPTION 'accepts must be an array' USING ERRCODE = '22023';
    END IF;
    FOR a IN SELECT e FROM jsonb_array_elements(p_accepts) e LOOP
        PERFORM public.eclips_enter_org((a ->> 'org')::uuid, a ->> 'proof');
        v_org := public.eclips_current_org();
        run_id := (a -> 'run' ->> 'id')::uuid;
        v_agent := a -> 'run' ->> 'agent_type';
        v_live := (a -> 'run' ->> 'livemode')::boolean;
        v_price := (a ->> 'price')::bigint;
        v_idem := nullif(a -> 'idempotency', 'null'::jsonb);
        reason := 'accepted';
        resource_id := NULL; response_body := NULL; balance := NULL; used := NULL; budget := NULL;
        IF v_price IS NULL OR v_price <= 0 OR run_id IS NULL OR v_agent IS NULL OR v_live IS NULL THEN
            RAISE EXCEPTION 'incomplete accept' USING ERRCODE = '22023';
        END IF;

        -- Ring step 6: a breaker of the run's mode in any state but closed is the breakers' rule to apply.
        IF NOT coalesce((a ->> 'breaker_admitted')::boolean, false) THEN
            PERFORM 1 FROM agent_circuit_breakers
             WHERE org_id = v_org AND livemode = v_live AND agent_type = v_agent AND state <> 'closed';
            IF FOUND THEN
                reason := 'breaker_not_closed';
                RETURN NEXT;
                CONTINUE;
            END IF;
        END IF;

        -- The claim, with the response it will replay: a concurrent duplicate waits on the unique index
        -- until this transaction ends, then finds the stored response (or, after a rollback, claims).
        IF v_idem IS NOT NULL THEN
            v_hash := decode(v_idem ->> 'request_hash', 'hex');
            INSERT INTO idempotency_keys (org_id, id, scope, idem_key, request_hash, expires_at,
                                          response_status, response_body, resource_id)
            VALUES (v_org, gen_random_uuid(), v_idem ->> 'scope', v_idem ->> 'key', v_hash,
                    now() + interval '24 hours', 202, v_idem ->> 'response_body', run_id)
            ON CONFLICT (org_id, scope, idem_key) DO UPDATE
                SET request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status,
                    response_body = EXCLUDED.response_body, resource_id = EXCLUDED.resource_id,
                    created_at = now(), expires_at = EXCLUDED.expires_at
                WHERE idempotency_keys.expires_at < now();
            IF NOT FOUND THEN
                SELECT CASE WHEN k.request_hash = v_hash THEN k.response_status END,
                       k.resource_id, k.response_body
                  INTO v_code, resource_id, response_body
                  FROM idempotency_keys k
                 WHERE k.org_id = v_org AND k.scope = v_idem ->> 'scope' AND k.idem_key = v_idem ->> 'key';
                IF v_code IS NULL THEN
                    resource_id := NULL; response_body := NULL;
                    reason := 'idempotency_conflict';
                ELSE
                    reason := 'replay';
                END IF;
                RETURN NEXT;
                CONTINUE;
            END IF;
        END IF;

        -- Ring step 7: the ledger's one conditional debit (with its ledger row, opening the period).
        IF public.eclips_credit_debit(v_price, run_id, true) IS NULL THEN
            IF v_idem IS NOT NULL THEN
                -- undo this call's claim (uncommitted, seen by nobody): a refused accept leaves no trace
                DELETE FROM idempotency_keys
                 WHERE org_id = v_org AND scope = v_idem ->> 'scope' AND idem_key = v_idem ->> 'key';
            END IF;
            SELECT p.balance, p.used, p.budget INTO balance, used, budget
              FROM credit_usage_periods p
             WHERE p.org_id = v_org AND p.period_start = public.eclips_credit_period();
            reason := CASE WHEN budget IS NOT NULL AND used + v_price > budget THEN 'budget_exceeded'
                           ELSE 'insufficient_credits' END;
            RETURN NEXT;
            CONTINUE;
        END IF;

        INSERT INTO agent_runs (org_id, id, agent_type, status, livemode, credits_charged, input,
                                document_id, api_key_id, created_at)
        VALUES (v_org, run_id, v_agent, 'queued', v_live, v_price, a -> 'run' -> 'input',
                (a -> 'run' ->> 'document_id')::uuid, (a -> 'run' ->> 'api_key_id')::uuid,
                (a -> 'run' ->> 'created_at')::timestamptz);

        -- Ring step 8, in the same transaction: all of it commits, or none.
        PERFORM public.eclips_append_audit(a -> 'audit');
        RETURN NEXT;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION eclips_accept_runs(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_accept_runs(jsonb) TO ${app_role};
