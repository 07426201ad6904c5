-- Credits visible before they run out (issue 22, item 4). Every /v1 response carries the org's remaining
-- credits (or remaining budget, whichever binds first) as a "credits" item of the RateLimit fields. The
-- figures are read where the request reads anyway, so a guarded request costs no extra round trip:
--   eclips_credit_level()                     the bound org's balance, used and budget of the current
--                                             period; a period not opened yet is opened first (with
--                                             the plan's grant, as GET /v1/credits does), so the
--                                             figures are those the next debit would meet
--   eclips_enter_org_reading_credits(org, proof)
--                                             eclips_enter_org (V22), then the period row (or
--                                             eclips_credit_level() when there is none yet), in
--                                             one statement: the binding every /v1 transaction makes
--                                             anyway answers the figures with it
-- A run's 202 takes its own from eclips_accept_runs (R__accept.sql fills balance, used and budget for
-- every reason now: after an accept they are the balance right after that accept's own debit, read on
-- the period row its debit still holds locked). Invoker's rights: the app role reads its org's period
-- row under RLS and opens a period through eclips_credit_open_period, as it could before.
CREATE FUNCTION public.eclips_credit_level(OUT balance bigint, OUT used bigint, OUT budget bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    SELECT p.balance, p.used, p.budget INTO balance, used, budget FROM credit_usage_periods p
     WHERE p.org_id = eclips_current_org() AND p.period_start = eclips_credit_period();
    IF NOT FOUND THEN
        PERFORM eclips_credit_open_period();
        SELECT p.balance, p.used, p.budget INTO balance, used, budget FROM credit_usage_periods p
         WHERE p.org_id = eclips_current_org() AND p.period_start = eclips_credit_period();
    END IF;
END
$$;
REVOKE ALL ON FUNCTION public.eclips_credit_level() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.eclips_credit_level() TO ${app_role};

CREATE FUNCTION public.eclips_enter_org_reading_credits(p_org uuid, p_proof text,
                                                        OUT balance bigint, OUT used bigint, OUT budget bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    PERFORM eclips_enter_org(p_org, p_proof);
    -- inline, naming the org just verified: the common case costs one primary-key lookup (and its
    -- policy's check), not a nested function call re-deriving the org
    SELECT p.balance, p.used, p.budget INTO balance, used, budget FROM credit_usage_periods p
     WHERE p.org_id = p_org AND p.period_start = eclips_credit_period();
    IF NOT FOUND THEN
        SELECT l.balance, l.used, l.budget INTO balance, used, budget FROM eclips_credit_level() l;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION public.eclips_enter_org_reading_credits(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.eclips_enter_org_reading_credits(uuid, text) TO ${app_role};
