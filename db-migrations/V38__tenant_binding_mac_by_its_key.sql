-- The tenant binding's MAC (V22) through a plan kept for the session and the key row's primary key
-- (issue 26). Every policy checks the binding once per statement (an InitPlan calling
-- eclips_current_org), so this function runs some 25 times per run and 4 times per org in an audit
-- flush. As a SQL function with a SET clause it was planned again on every call, and its plan read the
-- one-row key table with a sequential scan, which asks the kernel for the table's size on every call.
-- Measured on the benchmark's database (20,000 calls in a loop): the MAC 8.0 -> 5.4 µs a call,
-- eclips_current_org 10.5 -> 7.4 µs. Same key, same text, same rights: only how the row is read changes
-- (enable_seqscan is off for this function's own statement only, so an analysed one-row table still
-- goes through its primary key).
CREATE OR REPLACE FUNCTION eclips_gate.tenant_binding_mac(p_org text)
 RETURNS text
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
 SET enable_seqscan TO 'off'
AS $function$
DECLARE
    v_mac text;
BEGIN
    SELECT encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(p_org, 'UTF8'))), 'hex')
      INTO v_mac
      FROM eclips_gate.tenant_binding_key k
     WHERE k.only_row;
    RETURN v_mac;
END
$function$;
