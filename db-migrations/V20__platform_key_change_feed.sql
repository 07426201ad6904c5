-- Least privilege (issue 20): the key change feed (V7) returns the ids of every org that changed a
-- key, so it is a cross-org platform function like those of V10. Only ${platform_app_role} (the
-- platform connection, which each node's poller uses) may call it; a tenant request's connection
-- can no longer enumerate other orgs through it. The app role still appends its own org's rows (V7's
-- INSERT policy) and reads none.
REVOKE EXECUTE ON FUNCTION eclips_gate.recent_key_changes(integer) FROM ${app_role};
GRANT EXECUTE ON FUNCTION eclips_gate.recent_key_changes(integer) TO ${platform_app_role};
