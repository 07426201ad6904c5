-- Credits are written only through functions that enforce the ledger rules (issue 20).
--
-- Until now the app role could UPDATE credit_usage_periods and INSERT into credit_ledger for its
-- tenant (V2), so whoever held its password could mint credits: raise the balance, add a 'grant'
-- row. From here on the app role only reads both tables (RLS as before); every write goes through
-- the SECURITY DEFINER functions below, owned by the NOLOGIN role ${platform_role} (the owner of the
-- platform functions, V4: no login, no member but the owner role, which needs membership to hand
-- functions over). Each one works on the transaction's tenant only (eclips_current_org(); none
-- bound: 42501), with a pinned search_path, and keeps the ledger's invariant: the sum of an org's
-- ledger equals its current period's balance. What each allows:
--   eclips_credit_debit(amount, run, open)  takes credits within the balance and the budget (one
--                                            conditional UPDATE, as before); NULL when refused
--   eclips_credit_refund(run, amount)       gives back, once, at most what a debited run was charged
--   eclips_credit_set_budget(budget)        the org's own spending limit (it cannot add credits)
--   eclips_credit_open_period()             opens the month with the plan's grant, read from
--                                            plan_monthly_credits, never from the caller
--   eclips_credit_grant(authorization)      applies a manual grant the platform authorized (below)
-- The period is always the database's current month (UTC): a caller cannot open next year's
-- periods to collect their grants, nor charge or refund a period of its choosing.
--
-- Manual grants are the platform role's alone, yet stay atomic with the request's audit entry and
-- idempotency record: the platform connection (${platform_app_role}, committing on its own) first
-- authorizes one grant (org, amount, reason) through eclips_gate.platform_authorize_credit_grant;
-- the request's transaction, as the app role, then consumes that authorization through
-- eclips_credit_grant, which refuses another org's, a consumed or an expired (5 minutes) one. A
-- rollback leaves the authorization unconsumed until it expires, harmlessly. The app role can
-- neither create nor read authorizations, so it cannot mint.
--
-- Proof, as the app role: it.tech.eclips.workforce.credits.CreditLedgerRefusalsIT.

-- Plan figures -----------------------------------------------------------------------------------
-- How many credits each plan's month starts with. MP Config stays authoritative (PlanPolicy): the
-- application writes its figures here at start-up through the platform connection
-- (plans/boundary/MonthlyCreditsPublication); these rows are CONTRACT §2's defaults until it does.
-- Only ${platform_role}'s function writes them; the app role reads them.
CREATE TABLE plan_monthly_credits (
    plan        text        PRIMARY KEY CHECK (plan IN ('starter', 'pro', 'team', 'growth', 'enterprise')),
    credits     bigint      NOT NULL CHECK (credits >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO plan_monthly_credits (plan, credits)
VALUES ('starter', 1000), ('pro', 10000), ('team', 50000), ('growth', 250000), ('enterprise', 1000000);
GRANT SELECT ON plan_monthly_credits TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON plan_monthly_credits TO ${platform_role};

CREATE FUNCTION eclips_gate.platform_set_monthly_credits(p_plan text, p_credits bigint)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO public.plan_monthly_credits (plan, credits) VALUES (p_plan, p_credits)
    ON CONFLICT (plan) DO UPDATE SET credits = EXCLUDED.credits, updated_at = now()
        WHERE plan_monthly_credits.credits IS DISTINCT FROM EXCLUDED.credits
$$;
ALTER FUNCTION eclips_gate.platform_set_monthly_credits(text, bigint) OWNER TO ${platform_role};
REVOKE ALL ON FUNCTION eclips_gate.platform_set_monthly_credits(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.platform_set_monthly_credits(text, bigint) TO ${platform_app_role};

-- The app role: read only -------------------------------------------------------------------------
REVOKE INSERT, UPDATE, DELETE ON credit_usage_periods FROM ${app_role};
REVOKE INSERT ON credit_ledger FROM ${app_role};
DROP POLICY tenant_appends_own ON credit_ledger;
-- tenant_isolation on credit_usage_periods stays FOR ALL: with SELECT the only grant left, it now
-- only filters reads.

-- The writer: ${platform_role}, on the transaction's tenant only (its policies name the tenant, so
-- even a mistake in a function below cannot reach another org's rows).
GRANT EXECUTE ON FUNCTION eclips_current_org() TO ${platform_role};
GRANT SELECT, INSERT, UPDATE ON credit_usage_periods TO ${platform_role};
GRANT SELECT, INSERT ON credit_ledger TO ${platform_role};
CREATE POLICY credit_writer ON credit_usage_periods FOR ALL TO ${platform_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());
CREATE POLICY credit_writer_reads ON credit_ledger FOR SELECT TO ${platform_role}
    USING (org_id = eclips_current_org());
CREATE POLICY credit_writer_appends ON credit_ledger FOR INSERT TO ${platform_role}
    WITH CHECK (org_id = eclips_current_org());

-- A run is refunded at most once, whatever the path: the last line behind eclips_credit_refund's own
-- check (the application refunds a failed run once, under the run's lock).
CREATE UNIQUE INDEX credit_ledger_one_refund_per_run ON credit_ledger (org_id, run_id)
    WHERE entry_type = 'refund';

-- The period the database charges: its current month in UTC (as Credits.currentPeriod in Java).
CREATE FUNCTION eclips_credit_period() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date $$;
REVOKE ALL ON FUNCTION eclips_credit_period() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_credit_period() TO ${app_role}, ${platform_role};

-- Opens the tenant's current period if it has none: the previous period's balance (read under its
-- row lock, so no movement in flight is lost) plus the org's plan's monthly grant from
-- plan_monthly_credits, and the budget carried over; the grant's ledger row in the same statement's
-- transaction. Concurrent openers: one inserts, the others find the row (ON CONFLICT DO NOTHING).
-- Returns the current period. Takes nothing from the caller, so calling it is harmless: at most one
-- grant per org and month, of the plan's figure.
CREATE FUNCTION eclips_credit_open_period()
    RETURNS date
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org     uuid := public.eclips_current_org();
    v_period  date := public.eclips_credit_period();
    v_plan    text;
    v_grant   bigint;
    v_carried bigint;
    v_budget  bigint;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    PERFORM 1 FROM public.credit_usage_periods WHERE org_id = v_org AND period_start = v_period;
    IF FOUND THEN
        RETURN v_period;
    END IF;
    SELECT o.plan, c.credits INTO v_plan, v_grant
      FROM public.organizations o LEFT JOIN public.plan_monthly_credits c ON c.plan = o.plan
     WHERE o.id = v_org;
    IF v_plan IS NULL THEN
        RAISE EXCEPTION 'no such organization' USING ERRCODE = '42501';
    END IF;
    IF v_grant IS NULL THEN
        RAISE EXCEPTION 'no monthly credits configured for plan %', v_plan USING ERRCODE = '55000';
    END IF;
    SELECT p.balance, p.budget INTO v_carried, v_budget FROM public.credit_usage_periods p
     WHERE p.org_id = v_org AND p.period_start <= v_period
     ORDER BY p.period_start DESC LIMIT 1 FOR UPDATE;
    INSERT INTO public.credit_usage_periods (org_id, id, period_start, granted, balance, budget)
    VALUES (v_org, gen_random_uuid(), v_period, v_grant, coalesce(v_carried, 0) + v_grant, v_budget)
    ON CONFLICT (org_id, period_start) DO NOTHING;
    IF FOUND THEN
        INSERT INTO public.credit_ledger (org_id, id, entry_type, amount, period_start, reason)
        VALUES (v_org, gen_random_uuid(), 'grant', v_grant, v_period, 'monthly ' || v_plan || ' plan credits');
    END IF;
    RETURN v_period;
END
$$;

-- Takes p_amount for run p_run from the current period: one conditional UPDATE, whose row lock
-- serialises the org's debits and whose WHERE clause, re-checked under the lock, keeps the balance
-- and the budget from being overspent. With p_open, a missing period is opened first (the
-- application's path); without (the one-round-trip accept), a missing period refuses. Returns the
-- period charged, or NULL when refused (the caller answers 402 or the budget's problem).
CREATE FUNCTION eclips_credit_debit(p_amount bigint, p_run uuid, p_open boolean)
    RETURNS date
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org    uuid := public.eclips_current_org();
    v_period date := public.eclips_credit_period();
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    IF p_amount IS NULL OR p_amount <= 0 OR p_run IS NULL THEN
        RAISE EXCEPTION 'a debit is a positive amount for a run' USING ERRCODE = '42501';
    END IF;
    UPDATE public.credit_usage_periods SET used = used + p_amount, balance = balance - p_amount, updated_at = now()
     WHERE org_id = v_org AND period_start = v_period
       AND balance >= p_amount AND (budget IS NULL OR used + p_amount <= budget);
    IF NOT FOUND THEN
        IF NOT coalesce(p_open, false) THEN
            RETURN NULL;
        END IF;
        -- opened by this call or by a concurrent one: either way the row is there now, so retry
        PERFORM public.eclips_credit_open_period();
        UPDATE public.credit_usage_periods SET used = used + p_amount, balance = balance - p_amount, updated_at = now()
         WHERE org_id = v_org AND period_start = v_period
           AND balance >= p_amount AND (budget IS NULL OR used + p_amount <= budget);
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO public.credit_ledger (org_id, id, entry_type, amount, period_start, run_id)
    VALUES (v_org, gen_random_uuid(), 'debit', -p_amount, v_period, p_run);
    RETURN v_period;
END
$$;

-- Gives back p_amount for run p_run into the current period, only if the run was debited in this
-- org, was never refunded, and p_amount is at most what it was charged; if it was charged in the
-- current period, that period's use counts down too. The current period's row lock is taken first,
-- so two refunds of one run queue and the second finds the first (and the unique index above stops
-- it in any case). Anything else is refused (42501). Returns the period refunded into.
CREATE FUNCTION eclips_credit_refund(p_run uuid, p_amount bigint)
    RETURNS date
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org      uuid := public.eclips_current_org();
    v_period   date;
    v_charged  bigint;
    v_debited  date;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    IF p_amount IS NULL OR p_amount <= 0 OR p_run IS NULL THEN
        RAISE EXCEPTION 'a refund is a positive amount for a run' USING ERRCODE = '42501';
    END IF;
    v_period := public.eclips_credit_open_period();
    PERFORM 1 FROM public.credit_usage_periods WHERE org_id = v_org AND period_start = v_period FOR UPDATE;
    SELECT -sum(l.amount), max(l.period_start) INTO v_charged, v_debited FROM public.credit_ledger l
     WHERE l.org_id = v_org AND l.run_id = p_run AND l.entry_type = 'debit';
    IF v_charged IS NULL THEN
        RAISE EXCEPTION 'the run was never charged' USING ERRCODE = '42501';
    END IF;
    PERFORM 1 FROM public.credit_ledger l
     WHERE l.org_id = v_org AND l.run_id = p_run AND l.entry_type = 'refund';
    IF FOUND THEN
        RAISE EXCEPTION 'the run was already refunded' USING ERRCODE = '42501';
    END IF;
    IF p_amount > v_charged THEN
        RAISE EXCEPTION 'a refund cannot exceed what the run was charged' USING ERRCODE = '42501';
    END IF;
    UPDATE public.credit_usage_periods SET balance = balance + p_amount, updated_at = now(),
           used = CASE WHEN period_start = v_debited THEN greatest(used - p_amount, 0) ELSE used END
     WHERE org_id = v_org AND period_start = v_period;
    INSERT INTO public.credit_ledger (org_id, id, entry_type, amount, period_start, run_id, reason)
    VALUES (v_org, gen_random_uuid(), 'refund', p_amount, v_period, p_run, 'run failed');
    RETURN v_period;
END
$$;

-- The org's spending limit for this period and the next ones (NULL: none). It moves no credit; a
-- limit below what the period used is refused by the table's budget_not_exceeded check.
CREATE FUNCTION eclips_credit_set_budget(p_budget bigint)
    RETURNS date
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org    uuid := public.eclips_current_org();
    v_period date;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    v_period := public.eclips_credit_open_period();
    UPDATE public.credit_usage_periods SET budget = p_budget, updated_at = now()
     WHERE org_id = v_org AND period_start = v_period;
    RETURN v_period;
END
$$;

-- Manual grants ---------------------------------------------------------------------------------
-- One row per grant a platform operator made: written by the platform connection, consumed once by
-- the request that applies it. Org-scoped with RLS forced; only ${platform_role} has policies (the
-- app role has no privilege on it at all: it cannot create, read or consume one but through
-- eclips_credit_grant).
CREATE TABLE credit_grant_authorizations (
    org_id       uuid        NOT NULL REFERENCES organizations (id),
    id           uuid        NOT NULL,
    amount       bigint      NOT NULL CHECK (amount > 0),
    reason       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    consumed_at  timestamptz,
    PRIMARY KEY (org_id, id)
);
ALTER TABLE credit_grant_authorizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE credit_grant_authorizations FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE ON credit_grant_authorizations TO ${platform_role};
-- authorizing is cross-org by nature (the platform connection binds no tenant); consuming is not
CREATE POLICY platform_authorizes ON credit_grant_authorizations FOR INSERT TO ${platform_role}
    WITH CHECK (true);
CREATE POLICY tenant_consumes_own ON credit_grant_authorizations FOR SELECT TO ${platform_role}
    USING (org_id = eclips_current_org());
CREATE POLICY tenant_consumes_own_update ON credit_grant_authorizations FOR UPDATE TO ${platform_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());

-- Returns the authorization's id; an unknown org fails on the foreign key.
CREATE FUNCTION eclips_gate.platform_authorize_credit_grant(p_org uuid, p_amount bigint, p_reason text)
    RETURNS uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id uuid := gen_random_uuid();
BEGIN
    INSERT INTO public.credit_grant_authorizations (org_id, id, amount, reason)
    VALUES (p_org, v_id, p_amount, p_reason);
    RETURN v_id;
END
$$;
ALTER FUNCTION eclips_gate.platform_authorize_credit_grant(uuid, bigint, text) OWNER TO ${platform_role};
REVOKE ALL ON FUNCTION eclips_gate.platform_authorize_credit_grant(uuid, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.platform_authorize_credit_grant(uuid, bigint, text) TO ${platform_app_role};

-- Consumes the authorization (the tenant's own, unconsumed, at most 5 minutes old: refused
-- otherwise) and adds its amount to the current period with a 'grant' ledger row carrying its
-- reason. A concurrent consumer of the same one waits on its row and then finds it consumed.
-- Returns the amount granted.
CREATE FUNCTION eclips_credit_grant(p_authorization uuid)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org    uuid := public.eclips_current_org();
    v_amount bigint;
    v_reason text;
    v_period date;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    UPDATE public.credit_grant_authorizations SET consumed_at = now()
     WHERE org_id = v_org AND id = p_authorization AND consumed_at IS NULL
       AND created_at > now() - interval '5 minutes'
    RETURNING amount, reason INTO v_amount, v_reason;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no unconsumed, unexpired grant authorization of this org'
            USING ERRCODE = '42501';
    END IF;
    v_period := public.eclips_credit_open_period();
    UPDATE public.credit_usage_periods SET balance = balance + v_amount, updated_at = now()
     WHERE org_id = v_org AND period_start = v_period;
    INSERT INTO public.credit_ledger (org_id, id, entry_type, amount, period_start, reason)
    VALUES (v_org, gen_random_uuid(), 'grant', v_amount, v_period, v_reason);
    RETURN v_amount;
END
$$;

-- Owners and grants of the tenant functions. A new owner needs CREATE on the function's schema at
-- the moment of the change, and only then (as V10 did for eclips_append_audit).
GRANT CREATE ON SCHEMA public TO ${platform_role};
ALTER FUNCTION eclips_credit_open_period() OWNER TO ${platform_role};
ALTER FUNCTION eclips_credit_debit(bigint, uuid, boolean) OWNER TO ${platform_role};
ALTER FUNCTION eclips_credit_refund(uuid, bigint) OWNER TO ${platform_role};
ALTER FUNCTION eclips_credit_set_budget(bigint) OWNER TO ${platform_role};
ALTER FUNCTION eclips_credit_grant(uuid) OWNER TO ${platform_role};
REVOKE CREATE ON SCHEMA public FROM ${platform_role};
REVOKE ALL ON FUNCTION eclips_credit_open_period() FROM PUBLIC;
REVOKE ALL ON FUNCTION eclips_credit_debit(bigint, uuid, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION eclips_credit_refund(uuid, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION eclips_credit_set_budget(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION eclips_credit_grant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_credit_open_period() TO ${app_role};
GRANT EXECUTE ON FUNCTION eclips_credit_debit(bigint, uuid, boolean) TO ${app_role};
GRANT EXECUTE ON FUNCTION eclips_credit_refund(uuid, bigint) TO ${app_role};
GRANT EXECUTE ON FUNCTION eclips_credit_set_budget(bigint) TO ${app_role};
GRANT EXECUTE ON FUNCTION eclips_credit_grant(uuid) TO ${app_role};

-- The accept path --------------------------------------------------------------------------------
-- The one-round-trip accept (V12, V17) debited inline as the app role; it now calls
-- eclips_credit_debit (without opening a period: a missing one is still the application's case), so
-- the hot path keeps its single round trip and follows the same debit rule. The period is the
-- database's: the argument's "period" is no longer read. Otherwise V17's body; the batch function
-- (V13) calls it unchanged. Privileges survive CREATE OR REPLACE.
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
    v_idem   jsonb := nullif(p -> 'idempotency', 'null'::jsonb);
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    IF v_price IS NULL OR v_price <= 0 OR v_id IS NULL OR v_agent IS NULL OR v_live IS NULL THEN
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

    -- Ring step 7: the debit function's conditional debit (with its ledger row); no period, too few
    -- credits or the budget: NULL.
    IF public.eclips_credit_debit(v_price, v_id, false) IS NULL THEN
        IF v_idem IS NOT NULL THEN
            -- undo this call's claim (uncommitted, seen by nobody) so the application's path starts clean
            DELETE FROM idempotency_keys
             WHERE org_id = v_org AND scope = v_idem ->> 'scope' AND idem_key = v_idem ->> 'key';
        END IF;
        RETURN false;
    END IF;

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
