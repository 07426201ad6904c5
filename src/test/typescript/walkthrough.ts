// The README's integrator path, driven through the generated typescript-fetch client (docs/api.md,
// "Generated clients"). GeneratedClientsIT compiles it with tsc and runs it with node against the
// test server: ECLIPS_BASE_URL and ECLIPS_PLATFORM_TOKEN come in the environment; once the org
// exists the script prints "org <id>" and reads the org admin's console token from stdin (the test
// plays the identity provider). Each step prints "ok <step>"; any failure exits non-zero.
import {
  APIKeysApi,
  AuditLogApi,
  Configuration,
  CreditsApi,
  DocumentsApi,
  IdentityApi,
  OrganizationsApi,
  ResponseError,
  Run,
  RunsApi,
  TriageApi,
} from "../../../target/generated-clients/typescript/index";

// Node's own modules, typed just enough (the walkthrough needs no @types/node)
declare const require: (module: string) => {
  createInterface(options: { input: unknown }): AsyncIterable<string> & { close(): void };
};
const readline = require("readline");
declare const process: {
  env: Record<string, string | undefined>;
  stdin: unknown;
  stdout: { write(text: string): void };
  exit(code: number): never;
};

const base = required("ECLIPS_BASE_URL");
let steps = 0;

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(name + " is not set");
  }
  return value;
}

function ok(step: string, detail = ""): void {
  steps++;
  process.stdout.write("ok " + step + (detail ? " " + detail : "") + "\n");
}

function check(condition: boolean, message: string): void {
  if (!condition) {
    throw new Error("check failed: " + message);
  }
}

function as(token: string): Configuration {
  return new Configuration({ basePath: base, accessToken: token });
}

async function consoleToken(org: string): Promise<string> {
  process.stdout.write("org " + org + "\n");
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line.trim();
  }
  throw new Error("no console token on stdin");
}

async function settled(runs: RunsApi, id: string): Promise<Run> {
  for (let i = 0; i < 200; i++) {
    const run = await runs.getRun({ id });
    if (run.status !== "queued" && run.status !== "running") {
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("run " + id + " still queued or running after 10 s");
}

async function main(): Promise<void> {
  const platform = as(required("ECLIPS_PLATFORM_TOKEN"));
  const orgs = new OrganizationsApi(platform);
  const org = await orgs.createOrg({ orgCreate: { name: "walkthrough (TypeScript)", plan: "team" } });
  check(org.plan === "team", "the org's plan");
  ok("createOrg", org.id);
  const grant = await orgs.grantCredits({
    id: org.id,
    creditGrantCreate: { amount: 100, reason: "walkthrough" },
    idempotencyKey: "grant-" + org.id,
  });
  check(grant.amount === 100, "the grant's amount");
  ok("grantCredits", String(grant.credits.balance));

  const admin = as(await consoleToken(org.id));
  const created = await new APIKeysApi(admin).createApiKey({
    apiKeyCreate: {
      name: "walkthrough",
      mode: "test",
      scopes: new Set(["runs:read", "runs:write", "triage:read", "documents:read",
        "documents:write", "credits:read", "audit:read"] as const),
    },
  });
  check(created.key.startsWith("eck_test_"), "the new key's secret");
  check(created.expiresAt === null && created.revokedAt === null, "nullable key fields");
  ok("createApiKey", created.hint);

  const key = as(created.key);
  const me = await new IdentityApi(key).getMe();
  check(me.orgId === org.id && me.livemode === false, "/v1/me names the org, test mode");
  ok("getMe", String(me.key.rateLimitPerMinute));

  const runs = new RunsApi(key);
  const invoice = {
    vendor: "ACME", invoice_number: "TS-1", currency: "EUR", issue_date: "2026-11-01",
    due_date: "2026-12-01", lines: [{ description: "Widget", quantity: 3, unit_price: "19.99" }],
    tax_rate: 0.2, total: 71.96,
  };
  const request = { runCreate: { agentType: "invoice_processor", input: invoice },
    idempotencyKey: "ts-run-" + org.id };
  const run = await runs.createRun(request);
  const replay = await runs.createRunRaw(request);
  check(replay.raw.headers.get("Idempotent-Replayed") === "true", "the replay is marked");
  check((await replay.value()).id === run.id, "the replay answers the same run");
  ok("createRun", run.id + " (replayed with the same Idempotency-Key)");

  const reviewed = await settled(runs, run.id);
  check(reviewed.status === "awaiting_review" && reviewed.triageItemId !== null,
    "a new org reviews every result: " + reviewed.status);
  ok("getRun", reviewed.status);
  const item = await new TriageApi(admin).resolveConsoleTriageItem({
    id: reviewed.triageItemId as string,
    triageResolution: { decision: "approve", note: "checked by the TypeScript walkthrough" },
  });
  check(item.status === "approved", "the item is approved");
  check((await runs.getRun({ id: run.id })).status === "succeeded", "the run succeeded");
  ok("resolveConsoleTriageItem", item.status);

  const documents = new DocumentsApi(key);
  const bytes = JSON.stringify(invoice);
  const document = await documents.uploadDocument({ body: new Blob([bytes]), name: "invoice.json" });
  check(document.size === bytes.length && document.contentType === "application/json",
    "the stored document");
  ok("uploadDocument", document.sha256);
  const content = await documents.getDocumentContent({ id: document.id });
  check((await content.text()) === bytes, "the content is the exact bytes");
  ok("getDocumentContent");
  const onDocument = await runs.createRun({
    runCreate: { agentType: "invoice_processor", documentId: document.id },
  });
  const read = await settled(runs, onDocument.id);
  check(read.status === "awaiting_review", "the run on the document: " + read.status);
  ok("createRun(document)", read.status);

  const credits = await new CreditsApi(key).getCredits();
  check(credits.granted >= 100 && credits.used === 20, "credits: " + JSON.stringify(credits));
  ok("getCredits", String(credits.balance));
  const audit = await new AuditLogApi(key).listAuditEntries({ limit: 5 });
  check(audit.data.length === 5 && audit.hasMore, "a full audit page with more behind it");
  ok("listAuditEntries", audit.data[0].action ?? "");

  try {
    await runs.getRun({ id: "00000000-0000-4000-8000-000000000000" });
    throw new Error("a missing run was found");
  } catch (e) {
    check(e instanceof ResponseError, "a ResponseError, not " + e);
    const problem = await (e as ResponseError).response.json();
    check((e as ResponseError).response.status === 404 && problem.code === "not_found",
      "the problem: " + JSON.stringify(problem));
    ok("getRun(missing)", problem.code);
  }
  process.stdout.write("walkthrough complete: " + steps + " steps\n");
}

main().catch((e) => {
  process.stdout.write("walkthrough failed: " + (e instanceof Error ? e.stack : e) + "\n");
  process.exit(1);
});
