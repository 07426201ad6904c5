-- Every state-changing operation takes an Idempotency-Key (issue 22, item 2), not only runs and
-- credit grants.
--
-- 1. A fourth scope: 'console'. A console user's key is unique per org (the user's identity is part
--    of the request it matches, so another user of the org with the same key gets 409, never the
--    first user's answer); /v1 keys stay per org and mode, platform operations on an org apart again.
-- 2. What a replay needs beyond status and body: the Location of the resource the first request made,
--    and whether the body was withheld (a response that showed a key secret, which is never stored,
--    or one too large to keep): such a replay answers 409 idempotent_replay_unavailable, naming the
--    resource, instead of the body.
-- 3. Platform operations that belong to no org yet (creating an org, running a maintenance job) keep
--    their keys in a table of their own that only the platform functions below read and write; the
--    app role holds no privilege on it. Expired rows go with the org-scoped ones (R__platform_gate).
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_scope_check;
ALTER TABLE idempotency_keys
    ADD CONSTRAINT idempotency_keys_scope_check CHECK (scope IN ('live', 'test', 'platform', 'console'));
ALTER TABLE idempotency_keys
    ADD COLUMN response_location text CHECK (length(response_location) <= 2048),
    ADD COLUMN response_withheld boolean NOT NULL DEFAULT false;

CREATE TABLE platform_idempotency_keys (
    idem_key           text        PRIMARY KEY CHECK (length(idem_key) BETWEEN 1 AND 255),
    request_hash       bytea       NOT NULL,
    response_status    integer,
    response_body      text,
    response_location  text        CHECK (length(response_location) <= 2048),
    response_withheld  boolean     NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz NOT NULL
);
CREATE INDEX platform_idempotency_keys_by_expiry ON platform_idempotency_keys (expires_at);
GRANT SELECT, INSERT, UPDATE ON platform_idempotency_keys TO ${platform_role};
GRANT SELECT, DELETE ON platform_idempotency_keys TO ${retention_role};

-- Claims a key (or an expired one) for a request; answers claimed = true, or the stored row's
-- response when the request hash matches (response_status NULL: not finished, or another request).
CREATE FUNCTION eclips_gate.platform_idempotency_claim(p_key text, p_hash bytea)
    RETURNS TABLE (claimed boolean, same_request boolean, response_status integer,
                   response_body text, response_location text, response_withheld boolean)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO public.platform_idempotency_keys AS k (idem_key, request_hash, expires_at)
    VALUES (p_key, p_hash, now() + interval '24 hours')
    ON CONFLICT (idem_key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
        response_status = NULL, response_body = NULL, response_location = NULL,
        response_withheld = false, created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE k.expires_at < now();
    IF FOUND THEN
        RETURN QUERY SELECT true, true, NULL::integer, NULL::text, NULL::text, false;
        RETURN;
    END IF;
    RETURN QUERY SELECT false, k.request_hash = p_hash, k.response_status, k.response_body,
                        k.response_location, k.response_withheld
                   FROM public.platform_idempotency_keys k WHERE k.idem_key = p_key;
END
$$;

-- Stores the response of the request that claimed the key (only while it is unanswered).
CREATE FUNCTION eclips_gate.platform_idempotency_remember(p_key text, p_hash bytea, p_status integer,
                                                         p_body text, p_location text, p_withheld boolean)
    RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH answered AS (
        UPDATE public.platform_idempotency_keys
           SET response_status = p_status, response_body = p_body, response_location = p_location,
               response_withheld = p_withheld
         WHERE idem_key = p_key AND request_hash = p_hash AND response_status IS NULL
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM answered)
$$;

-- A claim whose request failed is released, so a retry is a fresh attempt (as a rollback does for
-- the org-scoped keys).
CREATE FUNCTION eclips_gate.platform_idempotency_release(p_key text, p_hash bytea)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    DELETE FROM public.platform_idempotency_keys
     WHERE idem_key = p_key AND request_hash = p_hash AND response_status IS NULL
$$;
GRANT DELETE ON platform_idempotency_keys TO ${platform_role};

ALTER FUNCTION eclips_gate.platform_idempotency_claim(text, bytea) OWNER TO ${platform_role};
ALTER FUNCTION eclips_gate.platform_idempotency_remember(text, bytea, integer, text, text, boolean)
    OWNER TO ${platform_role};
ALTER FUNCTION eclips_gate.platform_idempotency_release(text, bytea) OWNER TO ${platform_role};
REVOKE ALL ON FUNCTION eclips_gate.platform_idempotency_claim(text, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION eclips_gate.platform_idempotency_remember(text, bytea, integer, text, text, boolean)
    FROM PUBLIC;
REVOKE ALL ON FUNCTION eclips_gate.platform_idempotency_release(text, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.platform_idempotency_claim(text, bytea) TO ${platform_app_role};
GRANT EXECUTE ON FUNCTION eclips_gate.platform_idempotency_remember(text, bytea, integer, text, text, boolean)
    TO ${platform_app_role};
GRANT EXECUTE ON FUNCTION eclips_gate.platform_idempotency_release(text, bytea) TO ${platform_app_role};

CREATE OR REPLACE FUNCTION eclips_gate.purge_expired_idempotency_keys()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count bigint;
    v_platform bigint;
BEGIN
    DELETE FROM public.idempotency_keys WHERE expires_at < now();
    GET DIAGNOSTICS v_count = ROW_COUNT;
    DELETE FROM public.platform_idempotency_keys WHERE expires_at < now();
    GET DIAGNOSTICS v_platform = ROW_COUNT;
    RETURN v_count + v_platform;
END
$$;
