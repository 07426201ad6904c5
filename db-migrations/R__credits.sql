-- Credits (V21): the ledger's functions and the platform's grants and plan credits.
-- Repeatable: the current body of each function below, as V1..V27 left it (docs/database.md,
-- "Functions"). Edit a body here; a changed signature, owner, grant or a drop needs a V migration.
-- CREATE OR REPLACE keeps each function's owner, grants and comment as the V files set them.

CREATE OR REPLACE FUNCTION public.eclips_credit_period()
 RETURNS date
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date $function$
;

CREATE OR REPLACE FUNCTION public.eclips_credit_open_period()
 RETURNS date
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_credit_debit(p_amount bigint, p_run uuid, p_open boolean)
 RETURNS date
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_org    uuid := public.eclips_current_org();
    v_period date := public.eclips_credit_period();
    v_after  record;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    IF p_amount IS NULL OR p_amount <= 0 OR p_run IS NULL THEN
        RAISE EXCEPTION 'a debit is a positive amount for a run' USING ERRCODE = '42501';
    END IF;
    UPDATE public.credit_usage_periods SET used = used + p_amount, balance = balance - p_amount, updated_at = now()
     WHERE org_id = v_org AND period_start = v_period
       AND balance >= p_amount AND (budget IS NULL OR used + p_amount <= budget)
    RETURNING balance, used, budget, granted, low_event_at, budget_event_at INTO v_after;
    IF NOT FOUND THEN
        IF NOT coalesce(p_open, false) THEN
            RETURN NULL;
        END IF;
        -- opened by this call or by a concurrent one: either way the row is there now, so retry
        PERFORM public.eclips_credit_open_period();
        UPDATE public.credit_usage_periods SET used = used + p_amount, balance = balance - p_amount, updated_at = now()
         WHERE org_id = v_org AND period_start = v_period
           AND balance >= p_amount AND (budget IS NULL OR used + p_amount <= budget)
        RETURNING balance, used, budget, granted, low_event_at, budget_event_at INTO v_after;
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO public.credit_ledger (org_id, id, entry_type, amount, period_start, run_id)
    VALUES (v_org, gen_random_uuid(), 'debit', -p_amount, v_period, p_run);
    -- the credit events (V27), in this transaction, once per period each; the row is locked by
    -- the update above, so concurrent debits cannot both see the mark unset
    IF v_after.low_event_at IS NULL AND v_after.balance * 10 < v_after.granted THEN
        UPDATE public.credit_usage_periods SET low_event_at = now()
         WHERE org_id = v_org AND period_start = v_period;
        PERFORM public.eclips_credit_event('credits.low', v_period, v_after.balance, v_after.used, v_after.budget, v_after.granted);
    END IF;
    IF v_after.budget_event_at IS NULL AND v_after.budget IS NOT NULL AND v_after.budget - v_after.used < p_amount THEN
        UPDATE public.credit_usage_periods SET budget_event_at = now()
         WHERE org_id = v_org AND period_start = v_period;
        PERFORM public.eclips_credit_event('credits.budget_reached', v_period, v_after.balance, v_after.used, v_after.budget, v_after.granted);
    END IF;
    RETURN v_period;
END
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_credit_refund(p_run uuid, p_amount bigint)
 RETURNS date
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_credit_set_budget(p_budget bigint)
 RETURNS date
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_org    uuid := public.eclips_current_org();
    v_period date;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    v_period := public.eclips_credit_open_period();
    UPDATE public.credit_usage_periods SET budget = p_budget, updated_at = now(),
           budget_event_at = CASE WHEN budget IS DISTINCT FROM p_budget THEN NULL ELSE budget_event_at END
     WHERE org_id = v_org AND period_start = v_period;
    RETURN v_period;
END
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_credit_grant(p_authorization uuid)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.platform_authorize_credit_grant(p_org uuid, p_amount bigint, p_reason text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_id uuid := gen_random_uuid();
BEGIN
    INSERT INTO public.credit_grant_authorizations (org_id, id, amount, reason)
    VALUES (p_org, v_id, p_amount, p_reason);
    RETURN v_id;
END
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.platform_set_monthly_credits(p_plan text, p_credits bigint)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    INSERT INTO public.plan_monthly_credits (plan, credits) VALUES (p_plan, p_credits)
    ON CONFLICT (plan) DO UPDATE SET credits = EXCLUDED.credits, updated_at = now()
        WHERE plan_monthly_credits.credits IS DISTINCT FROM EXCLUDED.credits
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_credit_level(OUT balance bigint, OUT used bigint, OUT budget bigint)
 RETURNS record
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
BEGIN
    SELECT p.balance, p.used, p.budget INTO balance, used, budget FROM credit_usage_periods p
     WHERE p.org_id = eclips_current_org() AND p.period_start = eclips_credit_period();
    IF NOT FOUND THEN
        PERFORM eclips_credit_open_period();
        SELECT p.balance, p.used, p.budget INTO balance, used, budget FROM credit_usage_periods p
         WHERE p.org_id = eclips_current_org() AND p.period_start = eclips_credit_period();
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_credit_event(p_type text, p_period date, p_balance bigint, p_used bigint, p_budget bigint, p_granted bigint)
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    INSERT INTO public.events (org_id, id, livemode, type, data)
    VALUES (public.eclips_current_org(), gen_random_uuid(), true, p_type,
            jsonb_build_object('object', 'credit_balance', 'balance', p_balance,
                'period', jsonb_build_object('start', p_period::text,
                                             'end', ((p_period + interval '1 month')::date)::text),
                'granted', p_granted, 'used', p_used, 'budget', p_budget))
$function$
;
