-- Test and live are separate worlds for behaviour too (issue 19, CONTRACT §8): circuit breakers and
-- trust profiles are kept per (org, mode, agent type), so nothing a test key does (a flood of simulated
-- failures, a claimed trial, a stream of approvals) changes what a live run sees. And review is a
-- second pair of eyes (CONTRACT §11): the reviewers of a trust profile's current streak are kept so a
-- promotion can require distinct reviewers, and an org can require an org admin above an amount.

-- Breakers. Existing rows become the live breakers. Their history may include test-mode failures
-- (that is the bug), but it cannot be told apart, and a breaker's state is short-lived: an open one
-- admits a trial within its open period and a closed one's count resets on the next success. Dropping
-- the rows instead could hide a real live outage, so they are kept. No default after the upgrade:
-- every insert names its mode, so code that forgets it fails instead of writing to live.
ALTER TABLE agent_circuit_breakers ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE agent_circuit_breakers ALTER COLUMN livemode DROP DEFAULT;
ALTER TABLE agent_circuit_breakers DROP CONSTRAINT agent_circuit_breakers_org_id_agent_type_key;
ALTER TABLE agent_circuit_breakers
    ADD CONSTRAINT agent_circuit_breakers_org_mode_agent_type UNIQUE (org_id, livemode, agent_type);

-- Trust profiles. Existing rows become the live profiles: only live decisions ever moved them (V8 on),
-- so their streaks and totals are live history. Test runs were gated by the same rows, including an
-- admin's pin; test mode starts where live stands (level and pin, no history) so test runs keep the
-- routing they had, and from here on the two never touch.
ALTER TABLE agent_trust_profiles ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE agent_trust_profiles ALTER COLUMN livemode DROP DEFAULT;
ALTER TABLE agent_trust_profiles DROP CONSTRAINT agent_trust_profiles_org_id_agent_type_key;
ALTER TABLE agent_trust_profiles
    ADD CONSTRAINT agent_trust_profiles_org_mode_agent_type UNIQUE (org_id, livemode, agent_type);
-- RLS is forced and has no policy for the owner role, so the copy lifts it for this statement only,
-- inside this migration's transaction; nobody ever sees the table unforced.
ALTER TABLE agent_trust_profiles NO FORCE ROW LEVEL SECURITY;
INSERT INTO agent_trust_profiles (org_id, id, agent_type, livemode, level, pinned)
SELECT org_id, gen_random_uuid(), agent_type, false, level, pinned
  FROM agent_trust_profiles WHERE livemode;
ALTER TABLE agent_trust_profiles FORCE ROW LEVEL SECURITY;

-- The distinct reviewers of the current approval streak ('api_key:<id>' or 'user:<subject>', as
-- triage_items.resolved_by), in the profile's row: decisions already serialise on its lock, and a
-- rejection, promotion or pin resets it with the streak in the same update. Only as many are kept as
-- a promotion can require (the application caps it), so the row stays small.
ALTER TABLE agent_trust_profiles
    ADD COLUMN streak_reviewers text[] NOT NULL DEFAULT '{}'
        CHECK (cardinality(streak_reviewers) <= 16);

-- Invoice totals above this can be resolved only by an org admin; NULL: any reviewer.
ALTER TABLE org_settings
    ADD COLUMN review_admin_threshold numeric(20,2) CHECK (review_admin_threshold >= 0);

-- The one-round-trip accept (V12) reads the breaker of the run's own mode. Same body otherwise; the
-- batch function (V13) calls it and needs no change. Privileges survive CREATE OR REPLACE.
CREATE OR REPLACE FUNCTION eclips_accept_run(p jsonb)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_org    uuid := eclips_current_org();
    v_run    jsonb := p -> 'run';
    v_id     uuid := (p -> 'run' ->> 'id')::uuid;
    v_agent  text := p -> 'run' ->> 'agent_type';
    v_live   boolean := (p -> 'run' ->> 'livemode')::boolean;
    v_price  bigint := (p ->> 'price')::bigint;
    v_period date := (p ->> 'period')::date;
    v_idem   jsonb := nullif(p -> 'idempotency', 'null'::jsonb);
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    IF v_price IS NULL OR v_price <= 0 OR v_period IS NULL OR v_id IS NULL OR v_agent IS NULL
       OR v_live IS NULL THEN
        RAISE EXCEPTION 'incomplete accept' USING ERRCODE = '22023';
    END IF;

    -- Ring step 6: a breaker of the run's mode in any state but closed is the application's to judge.
    PERFORM 1 FROM agent_circuit_breakers
     WHERE org_id = v_org AND livemode = v_live AND agent_type = v_agent AND state <> 'closed';
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
    VALUES (v_org, v_id, v_agent, 'queued', v_live, v_price, v_run -> 'input',
            (v_run ->> 'document_id')::uuid, (v_run ->> 'api_key_id')::uuid,
            (v_run ->> 'created_at')::timestamptz);

    -- Ring step 8, in the same transaction: all of it commits, or none.
    PERFORM eclips_append_audit(p -> 'audit');
    RETURN true;
END
$$;
