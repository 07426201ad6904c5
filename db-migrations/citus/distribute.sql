-- Distributes the eClips schema over a Citus cluster by org_id. NOT a Flyway migration: run it once,
-- by hand, as the owner on the Citus coordinator, after db-migrations/V*.sql have been applied there
-- and before any data is loaded. Flyway never runs it (Migrations.java ignores this folder; the
-- catalog test it.tech.eclips.workforce.tenancy.CitusReadinessIT checks that, and that the tables
-- named here are exactly the ones the catalog says must be distributed or referenced).
--
-- Not run against Citus on the machines that build this project (Citus is not installable there):
-- see docs/database.md, "Running on Citus", for what is tested and what is not.

CREATE EXTENSION IF NOT EXISTS citus;

-- Reference tables: copied to every node, because they are read without an org (or by every org).
--   plan_audit_retention, plan_monthly_credits: per-plan figures, no customer data.
--   api_key_digests: the key lookup gate, read by digest before the org is known; one small row per key.
SELECT create_reference_table('plan_audit_retention');
SELECT create_reference_table('plan_monthly_credits');
SELECT create_reference_table('api_key_digests');
-- The tenant binding key (V22) lives outside public: every policy checks the binding's proof against
-- it, on the worker that holds the shard, so each node needs the one row. Still readable by the owner
-- alone on every node.
SELECT create_reference_table('eclips_gate.tenant_binding_key');

-- Left on the coordinator, never distributed: flyway_schema_history, and platform_idempotency_keys
-- (V25: the platform's Idempotency-Key records for operations on no org, which only the platform
-- connection reads and writes), and webhook_fanout_cursor (V29: the fan-out's one-row watermark over
-- every org's events, used only by eclips_gate.webhook_fan_out). Caveat for Citus: the fan-out's
-- xid8 watermark is the coordinator's; see docs/operations.md, "Webhooks".

-- The tenants themselves, distributed by their id: every org-scoped table below is colocated with
-- them, so one org's rows of every table live on one node and its foreign keys stay node-local.
SELECT create_distributed_table('organizations', 'id');

-- Org-scoped tables, distributed by org_id and colocated with organizations. Referenced tables come
-- before the tables that reference them (agent_runs before triage_items, documents before
-- document_chunks).
SELECT create_distributed_table('agent_runs', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('documents', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('api_keys', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('triage_items', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('document_chunks', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('agent_trust_profiles', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('agent_circuit_breakers', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('credit_usage_periods', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('credit_ledger', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('credit_grant_authorizations', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('audit_log', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('audit_anchors', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('idempotency_keys', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('key_change_events', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('org_settings', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('events', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('webhook_endpoints', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('audit_checkpoints', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('api_key_usage', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('api_key_usage_alerts', 'org_id', colocate_with => 'organizations');
SELECT create_distributed_table('webhook_deliveries', 'org_id', colocate_with => 'organizations');
