-- The credits field's feed (issue 26): every /v1 answer reports its org's credits (CONTRACT §11), from
-- the node's reading of at most ECLIPS_CREDITS_FIELD_MAX_AGE. A reading that expired cost a request
-- of that org a transaction of its own (or a longer tenant binding) on the request path, for every
-- active org every max age on every node. A node now refreshes the readings of the orgs it served in
-- the last seconds with one statement a second, off the request path, through this gate.
--
-- Cross-org, so like the key change feed (V35) it is a definer owned by ${lookup_role} and callable by
-- ${platform_app_role} only, never by ${app_role}. The lookup role may read five columns of
-- credit_usage_periods and nothing else of it (it cannot write it, nor read the ledger); it returns
-- the current period's figures only (an org without a current period is left to its requests, which
-- open the period), for at most 1,000 orgs a call.

GRANT SELECT (org_id, period_start, balance, used, budget) ON credit_usage_periods TO ${lookup_role};
CREATE POLICY credit_levels_feed ON credit_usage_periods FOR SELECT TO ${lookup_role} USING (true);
GRANT EXECUTE ON FUNCTION eclips_credit_period() TO ${lookup_role};

CREATE FUNCTION eclips_gate.credit_levels(p_orgs uuid[])
    RETURNS TABLE (org_id uuid, balance bigint, used bigint, budget bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.org_id, p.balance, p.used, p.budget
      FROM public.credit_usage_periods p
     WHERE p.org_id = ANY (p_orgs[1:1000])
       AND p.period_start = public.eclips_credit_period()
$$;
ALTER FUNCTION eclips_gate.credit_levels(uuid[]) OWNER TO ${lookup_role};
REVOKE ALL ON FUNCTION eclips_gate.credit_levels(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.credit_levels(uuid[]) TO ${platform_app_role};
