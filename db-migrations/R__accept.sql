-- Accepting runs in one round trip (V23's reasons).
-- Repeatable: the current body of each function below, as V1..V26 left it (docs/database.md,
-- "Functions"). Edit a body here; a changed signature, owner, grant or a drop needs a V migration.
-- CREATE OR REPLACE keeps each function's owner, grants and comment as the V files set them.

CREATE OR REPLACE FUNCTION public.eclips_accept_runs(p_accepts jsonb)
 RETURNS TABLE(run_id uuid, reason text, resource_id uuid, response_body text, balance bigint, used bigint, budget bigint)
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
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
    v_period date;
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
                SELECT p.balance, p.used, p.budget INTO balance, used, budget
                  FROM credit_usage_periods p
                 WHERE p.org_id = v_org AND p.period_start = public.eclips_credit_period();
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
                SELECT p.balance, p.used, p.budget INTO balance, used, budget
                  FROM credit_usage_periods p
                 WHERE p.org_id = v_org AND p.period_start = public.eclips_credit_period();
                RETURN NEXT;
                CONTINUE;
            END IF;
        END IF;

        -- Ring step 7: the ledger's one conditional debit (with its ledger row, opening the period).
        -- The figures every answer reports (the RateLimit fields' "credits" item, V26): after an accept,
        -- the balance right after its own debit, read on the period row the debit still holds locked.
        v_period := public.eclips_credit_debit(v_price, run_id, true);
        IF v_period IS NULL THEN
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
        SELECT p.balance, p.used, p.budget INTO balance, used, budget
          FROM credit_usage_periods p
         WHERE p.org_id = v_org AND p.period_start = v_period;

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
$function$
;
