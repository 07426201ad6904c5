// eClips Workforce org console. Plain ES2020, no build step, no dependencies.
//
// Rules this file keeps (docs/api.md, "Console"):
// - Data from the server only ever becomes text (textContent, attributes); never HTML.
// - Signed in through the organization's identity provider, the page holds no token at all: the
//   server keeps it in a session (HttpOnly cookie) and the page calls /console/session/v1 with the
//   session's CSRF token on every change (docs/security.md, "Console sign-in").
// - In dev mode only, a pasted or handed-over token lives in sessionStorage of this tab and every
//   API call goes to this origin's /console/v1 with it as the bearer token.
// - An API key shown once lives only in one DOM node and is cleared on any navigation, sign-out or
//   reload (it is never stored).

const TOKEN_ITEM = 'eclips.console.token';
const VIEWS = ['keys', 'credits', 'runs', 'triage', 'trust', 'breakers', 'documents', 'settings',
  'webhooks', 'audit'];
const SCOPES = ['runs:read', 'runs:write', 'triage:read', 'triage:write', 'documents:read',
  'documents:write', 'credits:read', 'audit:read', 'events:read'];

const $ = (id) => document.getElementById(id);
// The newest load of each view wins: an answer that arrives after a newer request is dropped.
const latest = {};
function ticket(view) {
  latest[view] = (latest[view] || 0) + 1;
  const mine = latest[view];
  return () => latest[view] === mine;
}
// Dev mode (eclips.mode=dev) is the only one that accepts a pasted or handed-over token.
const DEV = document.querySelector('meta[name="eclips-console-mode"]')?.content === 'dev';
const state = { token: null, session: false, csrf: null, me: null, admin: false, keysAfter: null,
  triageAfter: null, auditAfter: null, reviewing: null, editing: null, runsAfter: null,
  documentsAfter: null, pendingReview: null, webhooksAfter: null, deliveriesOf: null,
  deliveriesAfter: null };

// --- the token handed over by an identity provider ------------------------------------------
// A redirect to /console#access_token=<jwt>&state=<state> (the fragment never reaches a server or a
// Referer). Accepted only once, at load, and only if this tab started that sign-in: *Sign in with
// your identity provider* stores a fresh random state here before it leaves for the provider, and
// the provider must hand it back. Anything else (no state, another state, a fragment that arrives
// by hashchange) is refused, so nobody can sign a visitor in with their own token (login CSRF).
// The fragment is removed from the address bar and the history entry whatever the outcome.
const STATE_ITEM = 'eclips.console.sign-in-state';
let handOverRefused = false;

function takeHandedOverToken() {
  const expected = sessionStorage.getItem(STATE_ITEM);
  sessionStorage.removeItem(STATE_ITEM); // one use, whether or not a token came back
  if (!location.hash.includes('access_token=')) return null;
  const params = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', location.pathname);
  if (!DEV) { // outside dev mode no token ever enters the page
    handOverRefused = true;
    return null;
  }
  const token = params.get('access_token');
  if (!token || !expected || params.get('state') !== expected) {
    handOverRefused = true;
    return null;
  }
  return token;
}

function signInUrl() {
  const meta = document.querySelector('meta[name="eclips-sign-in-url"]');
  return meta && meta.content ? meta.content : null;
}

function startProviderSignIn() {
  const random = crypto.getRandomValues(new Uint8Array(32));
  const value = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
  sessionStorage.setItem(STATE_ITEM, value);
  const target = new URL(signInUrl(), location.origin);
  target.searchParams.set('state', value);
  location.assign(target.toString());
}

const HAND_OVER_REFUSED = 'A sign-in handed to this page was refused: it was not started here. '
  + 'Use "Sign in with your identity provider".';

// --- small helpers ----------------------------------------------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function say(message) {
  $('alert').textContent = '';
  $('status').textContent = message;
}

function complain(message) {
  $('status').textContent = '';
  $('alert').textContent = message;
}

function quiet() {
  $('status').textContent = '';
  $('alert').textContent = '';
}

const number = new Intl.NumberFormat('en');
function fmtNumber(n) { return n === null || n === undefined ? '—' : number.format(n); }
function fmtTime(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC') : '—'; }

// datetime-local gives "2026-11-29T08:00"; the API wants RFC 3339 UTC, and the labels say UTC.
function utc(localValue) {
  if (!localValue) return null;
  return (localValue.length === 16 ? localValue + ':00' : localValue) + 'Z';
}

class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

function describe(status, problem) {
  if (!problem) return `The server answered ${status}.`;
  const fields = (problem.errors || []).map((e) => `${e.field}: ${e.message}`).join('; ');
  const detail = problem.detail || problem.title || `The server answered ${status}.`;
  const ref = problem.request_id ? ` (request ${problem.request_id})` : '';
  return (fields ? `${detail} ${fields}` : detail) + ref;
}

async function api(method, path, body, accept = 'application/json') {
  const headers = { Accept: accept };
  const init = { method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error' };
  let url = `/console/v1/${path}`;
  if (state.session) {
    // the server adds the token; the cookie names the session, the header proves this page sent it
    url = `/console/session/v1/${path}`;
    init.credentials = 'same-origin';
    if (method !== 'GET') headers['X-Eclips-Csrf'] = state.csrf;
  } else {
    headers.Authorization = `Bearer ${state.token}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  if (response.status === 401) {
    signOut(state.session ? 'Your session has ended. Sign in again.'
      : 'The server refused the token (expired or invalid). Sign in again.');
    throw new ApiError(401, null);
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(response.status, problem);
  }
  return response.status === 204 ? null : response;
}

async function apiJson(method, path, body) {
  const response = await api(method, path, body);
  return response === null ? null : response.json();
}

// Runs an action, turning any failure into one announced message; returns undefined on failure.
async function attempt(action) {
  try {
    return await action();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) complain(e.message);
    return undefined;
  }
}

// Resolves true or false; with { grace: true } the dialog also asks how long a rotated key keeps
// working, and resolves to that many seconds (a number, 0 for at once) or false.
function confirmAction(text, confirmLabel, { grace = false } = {}) {
  const dialog = $('confirm');
  const opener = document.activeElement;
  $('confirm-text').textContent = text;
  $('confirm-grace').hidden = !grace;
  $('grace').value = '0';
  $('confirm-yes').textContent = confirmLabel;
  return new Promise((resolve) => {
    const finish = (answer) => {
      $('confirm-yes').removeEventListener('click', yes);
      $('confirm-no').removeEventListener('click', no);
      dialog.removeEventListener('cancel', no);
      if (dialog.open) dialog.close();
      if (opener && opener.isConnected) opener.focus();
      resolve(answer);
    };
    const yes = () => finish(grace ? Number($('grace').value) : true);
    const no = (event) => { if (event) event.preventDefault(); finish(false); };
    $('confirm-yes').addEventListener('click', yes);
    $('confirm-no').addEventListener('click', no);
    dialog.addEventListener('cancel', no);
    dialog.showModal();
    $('confirm-no').focus();
  });
}

// --- signing in and out -----------------------------------------------------------------------
// token: a pasted or handed-over JWT (dev mode), or null for the server's session.
async function signIn(token) {
  state.token = token;
  state.session = token === null;
  let me;
  try {
    me = await apiJson('GET', 'me');
  } catch (e) {
    state.token = null;
    if (e instanceof ApiError && e.status === 403) {
      if (state.session) await endSession(true);
      signOut('This account is not an org user (it needs org_admin or org_member and an org).');
    } else if (!(e instanceof ApiError && e.status === 401)) {
      signOut(e.message);
    }
    return;
  }
  // signed out (or in again) while this answer was on its way
  if (state.token !== token || state.session !== (token === null)) return;
  if (token !== null) sessionStorage.setItem(TOKEN_ITEM, token);
  state.me = me;
  state.admin = me.roles.includes('org_admin');
  $('token').value = '';
  $('who-text').textContent =
    `${me.subject} · ${me.org.name} (${me.org.plan} plan) · ${state.admin ? 'org admin' : 'org member'}`;
  $('who').hidden = false;
  $('sign-in').hidden = true;
  $('app').hidden = false;
  for (const id of ['create-key', 'budget-form', 'key-freeze', 'create-endpoint']) $(id).hidden = !state.admin;
  for (const id of ['keys-readonly', 'budget-readonly', 'trust-readonly', 'breakers-readonly',
    'documents-readonly', 'settings-readonly', 'webhooks-readonly']) $(id).hidden = state.admin;
  for (const input of $('settings-form').querySelectorAll('input, button')) input.disabled = !state.admin;
  say(`Signed in as ${me.subject}.`);
  if (!VIEWS.includes(location.hash.slice(1))) {
    history.replaceState(null, '', '#keys');
  }
  show();
}

// Ends the server's session (and answers where the provider ends its own, if it can).
async function endSession(quietly) {
  let answer = null;
  try {
    const response = await fetch('/console/sign-out', { method: 'POST', cache: 'no-store',
      credentials: 'same-origin', redirect: 'error', headers: { 'X-Eclips-Csrf': state.csrf || '' } });
    answer = response.ok ? await response.json() : null;
  } catch {
    answer = null;
  }
  if (!quietly && answer && answer.end_session_url) {
    // the page shows nothing signed-out until the provider has ended its session and sent the
    // browser back here, so no one can sign in again in between
    forgetSecret();
    forgetEndpointSecret();
    location.assign(answer.end_session_url);
    return;
  }
  if (!quietly) signOut(null);
}

function signOut(reason) {
  sessionStorage.removeItem(TOKEN_ITEM);
  Object.assign(state, { token: null, session: false, csrf: null, me: null, admin: false,
    reviewing: null });
  forgetSecret();
  forgetEndpointSecret();
  closeEdit(false);
  closeRun(false);
  for (const id of ['keys-rows', 'triage-rows', 'audit-rows', 'usage-rows', 'credits-summary',
    'chart', 'triage-facts', 'triage-output', 'runs-rows', 'trust-rows', 'breakers-rows',
    'documents-rows', 'run-facts', 'run-input', 'run-output', 'run-error', 'webhook-rows',
    'delivery-rows']) {
    $(id).replaceChildren();
  }
  $('app').hidden = true;
  $('who').hidden = true;
  $('sign-in').hidden = false;
  if (reason) complain(reason); else say('Signed out.');
  $('sign-in-title').focus();
}

// --- navigation -------------------------------------------------------------------------------
function show() {
  if (!state.token && !state.session) return;
  forgetSecret();
  forgetEndpointSecret();
  closeEdit(false);
  const view = VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'keys';
  for (const name of VIEWS) {
    $(`view-${name}`).hidden = name !== view;
    const link = $(`nav-${name}`);
    if (name === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  ({ keys: loadKeys, credits: loadCredits, runs: loadRuns, triage: loadTriage, trust: loadTrust,
    breakers: loadBreakers, documents: loadDocuments, settings: loadSettings, webhooks: loadWebhooks,
    audit: loadAudit })[view](false);
  $(`${view}-title`).focus();
}

// --- keys -------------------------------------------------------------------------------------
function showSecret(key) {
  $('new-key-value').textContent = key;
  $('new-key').hidden = false;
  $('new-key-title').focus();
}

function forgetSecret() {
  $('new-key-value').textContent = '';
  $('new-key').hidden = true;
}

async function copySecret() {
  const value = $('new-key-value').textContent;
  try {
    await navigator.clipboard.writeText(value);
    say('The key is on the clipboard.');
  } catch {
    const range = document.createRange();
    range.selectNodeContents($('new-key-value'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    say('This browser did not allow copying; the key is selected: press Ctrl+C (or ⌘C).');
  }
}

async function loadKeys(more) {
  if (!more) state.keysAfter = null;
  const current = ticket('keys');
  const query = state.keysAfter ? `&starting_after=${encodeURIComponent(state.keysAfter)}` : '';
  const page = await attempt(() => apiJson('GET', `api-keys?limit=20${query}`));
  if (!page || !current()) return;
  const rows = page.data.map(keyRow);
  if (more) $('keys-rows').append(...rows); else $('keys-rows').replaceChildren(...rows);
  if (!more && rows.length === 0) {
    $('keys-rows').append(el('tr', {}, el('td', { colspan: 8, text: 'No keys yet.' })));
  }
  state.keysAfter = page.data.length ? page.data[page.data.length - 1].id : state.keysAfter;
  $('keys-more').hidden = !page.has_more;
  if (!more && state.admin) await loadFreeze();
}

// --- containment: the org-wide freeze, a key's quarantine (docs/security.md, "When a key leaks") --
async function loadFreeze() {
  const containment = await attempt(() => apiJson('GET', 'key-containment'));
  if (!containment) return;
  const frozen = containment.frozen_modes;
  $('key-freeze-state').textContent = frozen.length
    ? `Frozen: every ${frozen.join(' and ')} key is refused (403 org_frozen).`
    : `No keys are frozen. A leak report ${containment.leak_action === 'revoke' ? 'revokes' : 'quarantines'} the key it names.`;
}

async function freezeKeys(modes) {
  if (modes.length && !await confirmAction(`Freeze every ${modes.join(' and ')} key of this organization?`
      + ' Their requests are refused at once, on every server, until you unfreeze.', 'Freeze keys')) return;
  const saved = await attempt(() => apiJson('PUT', 'key-containment', { frozen_modes: modes }));
  if (!saved) return;
  say(modes.length ? `Every ${modes.join(' and ')} key is frozen.` : 'Keys unfrozen. They work again.');
  await loadFreeze();
}

async function quarantineKey(key, on) {
  if (on && !await confirmAction(`Quarantine "${key.name}" (${key.hint})? It keeps only its read scopes,`
      + ' at most 10 requests a minute, from the addresses it was used from; every call is audited.',
  'Quarantine key')) return;
  const saved = await attempt(() => apiJson('PUT', `key-containment/api-keys/${encodeURIComponent(key.id)}`,
    { quarantined: on }));
  if (!saved) return;
  say(on ? `Key "${key.name}" quarantined.` : `Key "${key.name}" released from quarantine.`);
  await loadKeys(false);
}

function keyStatus(key) {
  const now = new Date();
  if (key.revoked_at && !key.grace_until) return `revoked ${fmtTime(key.revoked_at)}`;
  if (key.expires_at && new Date(key.expires_at) <= now) return 'expired';
  const parts = [key.disabled_at ? 'disabled' : 'active'];
  if (key.grace_until) parts.push(`rotated: works until ${fmtTime(key.grace_until)}`);
  if (key.expires_soon) parts.push(`expires soon (${fmtTime(key.expires_at)})`);
  if (key.quarantined_at) parts.push(`quarantined${key.pinned_ips ? ` to ${key.pinned_ips.join(', ')}` : ''}`);
  if (key.allowed_ips) parts.push(`only from ${key.allowed_ips.join(', ')}`);
  return parts.join(' · ');
}

function keyRow(key) {
  const revoked = Boolean(key.revoked_at) && !key.grace_until;
  const label = `${key.name} (${key.hint})`;
  const actions = el('td', { class: 'row-actions' });
  const button = (action, text, onclick, cls = 'quiet') => el('button', { type: 'button', class: cls,
    'aria-label': `${text} key ${label}`, 'data-action': action, text, onclick });
  // for members too, so not one of the data-action (change) buttons
  actions.append(el('button', { type: 'button', class: 'quiet', 'aria-label': `Usage of key ${label}`,
    'data-usage': key.id, text: 'Usage', onclick: () => showUsage(key) }));
  if (state.admin && !revoked) {
    actions.append(
      button('edit', 'Edit', () => editKey(key)),
      key.disabled_at
        ? button('enable', 'Enable', () => switchKey(key, 'enable'))
        : button('disable', 'Disable', () => switchKey(key, 'disable')));
    if (!key.grace_until) actions.append(button('rotate', 'Rotate', () => rotateKey(key)));
    actions.append(key.quarantined_at
      ? button('release', 'Release', () => quarantineKey(key, false))
      : button('quarantine', 'Quarantine', () => quarantineKey(key, true)));
    actions.append(button('revoke', 'Revoke', () => revokeKey(key), 'danger'));
  }
  return el('tr', { 'data-key-id': key.id, class: revoked ? 'dim' : null },
    el('th', { scope: 'row', text: key.name }),
    el('td', {}, el('code', { text: key.hint })),
    el('td', { text: key.mode }),
    el('td', { text: key.scopes.join(' ') }),
    el('td', { text: fmtTime(key.created_at) }),
    el('td', { text: fmtTime(key.last_used_at) }),
    el('td', { 'data-field': 'status', class: key.expires_soon ? 'warn' : null, text: keyStatus(key) }),
    actions);
}

// --- a key's usage (issue 25): the rollup's last 24 hours and the scopes it used in 30 days ----
async function showUsage(key) {
  const current = ticket('usage');
  const id = encodeURIComponent(key.id);
  const usage = await attempt(() => apiJson('GET', `api-keys/${id}/usage?hours=24`));
  const scopes = usage && await attempt(() => apiJson('GET', `api-keys/${id}/usage/scopes`));
  if (!usage || !scopes || !current()) return;
  const t = usage.totals;
  const refused = t.refused + t.limited + t.payment;
  $('key-usage-title').textContent = `Usage of ${key.name} (${key.hint})`;
  $('key-usage-summary').textContent = `Last 24 hours: ${t.allowed} allowed, ${t.refused} refused`
    + ` (401/403), ${t.limited} rate-limited (429), ${t.payment} out of credits (402), from`
    + ` ${usage.distinct_addresses} address(es). Last use: ${fmtTime(usage.last_used_at)}`
    + (usage.last_used_address ? ` from ${usage.last_used_address}.` : '.');
  $('key-usage-chart').replaceChildren(...usageBars(usage));
  $('key-usage-chart').setAttribute('aria-label', `Requests per hour, last 24 hours: ${refused} of`
    + ` ${refused + t.allowed + t.failed} refused`);
  $('key-usage-scopes').textContent = scopes.used.length === 0
    ? `No scope used in ${scopes.days} days: if nothing needs this key, revoke it.`
    : `Scopes used in ${scopes.days} days: ${scopes.used.join(' ')}. Never used: `
      + `${scopes.unused.join(' ') || 'none'}.` + (scopes.narrower ? ` Suggested: ${scopes.suggested.join(' ')}.` : '');
  const apply = $('key-usage-apply');
  apply.hidden = !(state.admin && scopes.narrower && !key.revoked_at);
  apply.onclick = () => applyScopes(key, scopes.suggested);
  $('key-usage').hidden = false;
  $('key-usage-title').focus();
}

// 24 hourly bars, refused (401, 403, 429, 402) stacked on the rest; SVG attributes only (the CSP).
function usageBars(usage) {
  const ns = 'http://www.w3.org/2000/svg';
  const svgEl = (tag, attrs) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  };
  const byHour = new Map();
  for (const row of usage.data) {
    const at = new Date(row.hour).getTime();
    const bar = byHour.get(at) || { ok: 0, refused: 0 };
    bar.ok += row.allowed + row.failed;
    bar.refused += row.refused + row.limited + row.payment;
    byHour.set(at, bar);
  }
  const width = 480, height = 96, step = width / usage.hours;
  const most = Math.max(1, ...[...byHour.values()].map((b) => b.ok + b.refused));
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, class: 'usage-bars', 'aria-hidden': 'true' });
  const start = new Date(usage.since).getTime();
  for (let i = 0; i < usage.hours; i++) {
    const b = byHour.get(start + i * 3600e3) || { ok: 0, refused: 0 };
    const ok = (b.ok / most) * height, refused = (b.refused / most) * height;
    svg.append(svgEl('rect', { x: i * step + 1, y: height - ok, width: step - 2, height: ok, class: 'usage-ok' }),
      svgEl('rect', { x: i * step + 1, y: height - ok - refused, width: step - 2, height: refused,
        class: 'usage-refused', 'data-refused': b.refused }));
  }
  return [svg];
}

async function applyScopes(key, scopes) {
  if (!await confirmAction(`Narrow "${key.name}" (${key.hint}) to ${scopes.join(' ')}, the scopes it`
      + ' used in the last 30 days? Its next request sees the change.', 'Apply scopes')) return;
  const saved = await attempt(() => apiJson('PATCH', `api-keys/${encodeURIComponent(key.id)}`, { scopes }));
  if (!saved) return;
  say(`Key "${saved.name}" now has ${saved.scopes.join(' ')}.`);
  $('key-usage').hidden = true;
  await loadKeys(false);
}

// --- changing a key: name, scopes, limit, expiry; disable and enable ---------------------------
function editKey(key) {
  state.editing = key;
  $('edit-name').value = key.name;
  for (const box of document.querySelectorAll('#edit-scopes input')) {
    box.checked = key.scopes.includes(box.value);
  }
  $('edit-rate').value = key.rate_limit_per_minute === null ? '' : key.rate_limit_per_minute;
  $('edit-expires').value = key.expires_at ? key.expires_at.slice(0, 16) : '';
  $('edit-key-title').textContent = `Change key ${key.name} (${key.hint})`;
  $('edit-key').hidden = false;
  $('edit-key-title').focus();
}

function closeEdit(focusList) {
  state.editing = null;
  $('edit-key').hidden = true;
  if (focusList) $('keys-title').focus();
}

async function saveKey(event) {
  event.preventDefault();
  const key = state.editing;
  if (!key) return;
  const body = {
    name: $('edit-name').value.trim(),
    scopes: [...document.querySelectorAll('#edit-scopes input:checked')].map((c) => c.value),
    rate_limit_per_minute: $('edit-rate').value ? Number($('edit-rate').value) : null,
    expires_at: utc($('edit-expires').value),
  };
  if (!body.name) { complain('Give the key a name.'); $('edit-name').focus(); return; }
  if (body.scopes.length === 0) { complain('Choose at least one scope.'); return; }
  const saved = await attempt(() => apiJson('PATCH', `api-keys/${encodeURIComponent(key.id)}`, body));
  if (!saved) return;
  closeEdit(true);
  say(`Key "${saved.name}" changed. Its next request sees the change.`);
  await loadKeys(false);
}

async function switchKey(key, action) {
  if (action === 'disable' && !await confirmAction(`Disable "${key.name}" (${key.hint})? Its requests`
      + ' are refused until an admin enables it again.', 'Disable key')) return;
  const saved = await attempt(() => apiJson('POST', `api-keys/${encodeURIComponent(key.id)}/${action}`));
  if (!saved) return;
  say(action === 'disable' ? `Key "${key.name}" disabled. Its requests are refused until enabled.`
    : `Key "${key.name}" enabled. It works again.`);
  await loadKeys(false);
}

async function createKey(event) {
  event.preventDefault();
  const body = {
    name: $('key-name').value.trim(),
    mode: document.querySelector('input[name="key-mode"]:checked').value,
    scopes: [...document.querySelectorAll('#key-scopes input:checked')].map((c) => c.value),
  };
  if (!body.name) { complain('Give the key a name.'); $('key-name').focus(); return; }
  if (body.scopes.length === 0) { complain('Choose at least one scope.'); return; }
  if ($('key-rate').value) body.rate_limit_per_minute = Number($('key-rate').value);
  if ($('key-expires').value) body.expires_at = utc($('key-expires').value);
  const created = await attempt(() => apiJson('POST', 'api-keys', body));
  if (!created) return;
  $('create-key').reset();
  say(`Key "${created.name}" created. Copy it now: it is shown only this once.`);
  showSecret(created.key);
  await loadKeys(false);
}

async function rotateKey(key) {
  const grace = await confirmAction(`Rotate "${key.name}" (${key.hint})? A new key with the same`
      + ' settings is shown once; choose how long the old one keeps working.', 'Rotate key', { grace: true });
  if (grace === false) return;
  const created = await attempt(() => apiJson('POST', `api-keys/${encodeURIComponent(key.id)}/rotate`,
    { grace_period_seconds: grace }));
  if (!created) return;
  say(`Key "${key.name}" rotated`
    + (grace ? `; the old key works for ${grace / 3600} more hour(s).` : '; the old key no longer works.')
    + ' Copy the new key now: it is shown only this once.');
  showSecret(created.key);
  await loadKeys(false);
}

async function revokeKey(key) {
  if (!await confirmAction(`Revoke "${key.name}" (${key.hint})? It stops working on its next request;`
      + ' this cannot be undone.', 'Revoke key')) return;
  const done = await attempt(() => api('DELETE', `api-keys/${encodeURIComponent(key.id)}`));
  if (done === undefined) return;
  forgetSecret(); // a key still on show may be this one; either way the moment to copy has passed
  say(`Key "${key.name}" revoked. It no longer works.`);
  await loadKeys(false);
}

// --- credits ----------------------------------------------------------------------------------
async function loadCredits() {
  const current = ticket('credits');
  const usage = await attempt(() => apiJson('GET', 'credits/usage'));
  const credits = usage && await attempt(() => apiJson('GET', 'credits'));
  if (!credits || !current()) return;
  const facts = [
    ['Balance', fmtNumber(credits.balance)],
    ['Period (UTC)', `${credits.period.start} to ${credits.period.end}`],
    ['Granted this period', fmtNumber(credits.granted)],
    ['Used this period', fmtNumber(credits.used)],
    ['Budget', credits.budget === null ? 'none' : fmtNumber(credits.budget)],
  ];
  $('credits-summary').replaceChildren(...facts.flatMap(([term, value]) =>
    [el('dt', { text: term }), el('dd', { 'data-fact': term, text: value })]));
  $('budget-limit').value = credits.budget === null ? '' : credits.budget;
  $('chart-caption').textContent =
    `Credits used per day, ${usage.period.start} to today (UTC)` +
    (usage.budget === null ? '' : `; budget ${fmtNumber(usage.budget)} for the period`);
  drawChart(usage.days);
  $('usage-rows').replaceChildren(...usage.days.map((d) => el('tr', {},
    el('th', { scope: 'row', text: d.date }), el('td', { text: fmtNumber(d.debited) }),
    el('td', { text: fmtNumber(d.refunded) }))));
}

// A bar per day of net use (debited minus refunded), drawn as SVG attributes only: no inline style.
function drawChart(days) {
  const ns = 'http://www.w3.org/2000/svg';
  const svgEl = (tag, attrs, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const width = 640, height = 220, left = 48, bottom = 28, top = 12;
  const net = days.map((d) => Math.max(d.debited - d.refunded, 0));
  const max = Math.max(1, ...net);
  const step = (width - left) / Math.max(days.length, 1);
  const total = net.reduce((a, b) => a + b, 0);
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-labelledby': 'chart-title chart-desc', class: 'bars' });
  svg.append(svgEl('title', { id: 'chart-title' }, 'Credits used per day'),
    svgEl('desc', { id: 'chart-desc' }, `${fmtNumber(total)} credits used over ${days.length} days;`
      + ` the busiest day used ${fmtNumber(Math.max(0, ...net))}.`));
  svg.append(svgEl('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, class: 'axis' }));
  svg.append(svgEl('text', { x: left - 6, y: top + 8, 'text-anchor': 'end', class: 'tick' }, fmtNumber(max)));
  svg.append(svgEl('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end', class: 'tick' }, '0'));
  days.forEach((d, i) => {
    const h = Math.round((net[i] / max) * (height - bottom - top));
    const x = left + i * step + step * 0.15;
    const bar = svgEl('rect', { x, y: height - bottom - h, width: Math.max(step * 0.7, 1),
      height: h, class: 'bar', 'data-date': d.date, 'data-used': net[i] });
    bar.append(svgEl('title', {}, `${d.date}: ${fmtNumber(net[i])} credits`));
    svg.append(bar);
    if (i % 5 === 0 || i === days.length - 1) {
      svg.append(svgEl('text', { x: x + step * 0.35, y: height - 8, 'text-anchor': 'middle',
        class: 'tick' }, d.date.slice(8)));
    }
  });
  $('chart').replaceChildren(svg);
}

async function setBudget(limit) {
  const credits = await attempt(() => apiJson('PUT', 'credits/budget', { limit }));
  if (!credits) return;
  say(limit === null ? 'Budget removed.' : `Budget set to ${fmtNumber(limit)} credits per period.`);
  await loadCredits();
}

// --- triage -----------------------------------------------------------------------------------
async function loadTriage(more) {
  if (!more) { state.triageAfter = null; closeReview(false); }
  const status = $('triage-status').value;
  const params = new URLSearchParams({ limit: '20' });
  if (status) params.set('status', status);
  if (more && state.triageAfter) params.set('starting_after', state.triageAfter);
  const current = ticket('triage');
  const page = await attempt(() => apiJson('GET', `triage-items?${params}`));
  if (!page || !current()) return;
  const rows = page.data.map((item) => el('tr', { 'data-item-id': item.id, 'data-run-id': item.run_id },
    el('td', { text: fmtTime(item.created_at) }),
    el('th', { scope: 'row', text: item.agent_type }),
    el('td', { text: item.livemode ? 'live' : 'test' }),
    el('td', { text: item.reasons.join(', ') }),
    el('td', { 'data-field': 'status', text: item.status }),
    el('td', { class: 'row-actions' }, el('button', { type: 'button', class: 'quiet',
      'aria-label': `Review ${item.agent_type} item of ${fmtTime(item.created_at)}`,
      'data-action': 'review', text: item.status === 'open' ? 'Review' : 'Details',
      onclick: () => openReview(item.id) }))));
  if (more) $('triage-rows').append(...rows); else $('triage-rows').replaceChildren(...rows);
  if (!more && rows.length === 0) {
    $('triage-rows').append(el('tr', {}, el('td', { colspan: 6, text: 'Nothing here.' })));
  }
  state.triageAfter = page.data.length ? page.data[page.data.length - 1].id : state.triageAfter;
  $('triage-more').hidden = !page.has_more;
  if (!more && state.pendingReview) {
    const id = state.pendingReview;
    state.pendingReview = null;
    await openReview(id);
  }
}

async function openReview(id) {
  const item = await attempt(() => apiJson('GET', `triage-items/${encodeURIComponent(id)}`));
  if (!item) return;
  state.reviewing = item;
  const facts = [['Agent', item.agent_type], ['Mode', item.livemode ? 'live' : 'test'],
    ['Run', item.run_id], ['Reasons', item.reasons.join(', ')], ['Status', item.status],
    ['Resolved by', item.resolved_by || '—'], ['Note', item.note || '—']];
  $('triage-facts').replaceChildren(...facts.flatMap(([t, v]) => [el('dt', { text: t }), el('dd', { text: v })]));
  $('triage-output').textContent = JSON.stringify(item.run_output, null, 2);
  const open = item.status === 'open';
  $('triage-decide').hidden = false;
  for (const id of ['triage-approve', 'triage-reject', 'triage-note']) $(id).disabled = !open;
  $('triage-note').value = '';
  $('triage-detail').hidden = false;
  $('triage-detail-title').focus();
}

function closeReview(refocus) {
  state.reviewing = null;
  $('triage-detail').hidden = true;
  if (refocus) $('triage-title').focus();
}

async function resolve(decision) {
  const item = state.reviewing;
  if (!item) return;
  const body = { decision };
  if ($('triage-note').value.trim()) body.note = $('triage-note').value.trim();
  const resolved = await attempt(() => apiJson('POST',
    `triage-items/${encodeURIComponent(item.id)}/resolve`, body));
  if (!resolved) return;
  say(decision === 'approve'
    ? `Approved: the ${item.agent_type} run now counts as succeeded.`
    : `Rejected: the ${item.agent_type} run is marked rejected.`);
  await loadTriage(false);
  $('triage-title').focus();
}

// --- runs -------------------------------------------------------------------------------------
// The list shows one mode; its filters are applied by the server to a window of recent runs, so a
// page may be short and still have more: "Show more" goes on from where the server says.
async function loadRuns(more) {
  if (!more) { state.runsAfter = null; closeRun(false); }
  const params = new URLSearchParams({ limit: '20', mode: $('runs-mode').value });
  if ($('runs-status').value) params.set('status', $('runs-status').value);
  if ($('runs-agent').value) params.set('agent_type', $('runs-agent').value);
  if (more && state.runsAfter) params.set('starting_after', state.runsAfter);
  const current = ticket('runs');
  const page = await attempt(() => apiJson('GET', `runs?${params}`));
  if (!page || !current()) return;
  const rows = page.data.map((run) => el('tr', { 'data-run-id': run.id },
    el('td', { text: fmtTime(run.created_at) }),
    el('th', { scope: 'row', text: run.agent_type }),
    el('td', { 'data-field': 'status', text: run.status }),
    el('td', { text: fmtNumber(run.credits_charged) }),
    el('td', { text: fmtTime(run.completed_at) }),
    el('td', { class: 'row-actions' }, el('button', { type: 'button', class: 'quiet',
      'aria-label': `Details of the ${run.agent_type} run of ${fmtTime(run.created_at)}`,
      'data-action': 'details', text: 'Details', onclick: () => openRun(run.id) }))));
  if (more) $('runs-rows').append(...rows); else $('runs-rows').replaceChildren(...rows);
  if (!more && rows.length === 0 && !page.has_more) {
    $('runs-rows').append(el('tr', {}, el('td', { colspan: 6, text: 'No runs match.' })));
  }
  state.runsAfter = page.next_starting_after;
  $('runs-more').hidden = !page.has_more;
}

const json = (value) => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));

async function openRun(id) {
  const run = await attempt(() => apiJson('GET', `runs/${encodeURIComponent(id)}`));
  if (!run) return;
  const facts = [['Run', run.id], ['Agent', run.agent_type], ['Mode', run.livemode ? 'live' : 'test'],
    ['Status', run.status], ['Credits charged', fmtNumber(run.credits_charged)],
    ['Created', fmtTime(run.created_at)], ['Completed', fmtTime(run.completed_at)]];
  $('run-facts').replaceChildren(...facts.flatMap(([t, v]) => [el('dt', { text: t }), el('dd', { text: v })]));
  $('run-input').textContent = json(run.input);
  $('run-output').textContent = json(run.output);
  $('run-error').textContent = json(run.error);
  $('run-triage').hidden = !run.triage_item_id;
  $('run-triage').dataset.itemId = run.triage_item_id || '';
  $('run-detail').hidden = false;
  $('run-detail-title').focus();
}

function closeRun(refocus) {
  $('run-detail').hidden = true;
  if (refocus) $('runs-title').focus();
}

async function openRunsTriageItem() {
  const id = $('run-triage').dataset.itemId;
  if (!id) return;
  $('triage-status').value = '';
  state.pendingReview = id; // opened by the triage view once it has loaded
  location.hash = '#triage';
}

// --- trust ------------------------------------------------------------------------------------
const LEVELS = ['supervised', 'guarded', 'autonomous'];

async function loadTrust() {
  const current = ticket('trust');
  const page = await attempt(() => apiJson('GET', 'agents/trust-profiles'));
  if (!page || !current()) return;
  $('trust-rows').replaceChildren(...page.data.map(trustRow));
}

function trustRow(profile) {
  const mode = profile.livemode ? 'live' : 'test';
  const label = `${profile.agent_type} (${mode})`;
  const actions = el('td', { class: 'row-actions' });
  if (state.admin) {
    const choice = el('select', { 'aria-label': `Level to pin for ${label}`, 'data-field': 'pin-level' },
      ...LEVELS.map((level) => el('option', { value: level, selected: level === profile.level, text: level })));
    actions.append(choice, el('button', { type: 'button', class: 'quiet', 'data-action': 'pin',
      'aria-label': `Pin ${label}`, text: 'Pin', onclick: () => pinTrust(profile, choice.value) }));
    if (profile.pinned) {
      actions.append(el('button', { type: 'button', class: 'quiet', 'data-action': 'unpin',
        'aria-label': `Unpin ${label}`, text: 'Unpin', onclick: () => pinTrust(profile, null) }));
    }
  }
  return el('tr', { 'data-agent': profile.agent_type, 'data-mode': mode },
    el('th', { scope: 'row', text: profile.agent_type }),
    el('td', { text: mode }),
    el('td', { 'data-field': 'level', text: profile.level + (profile.pinned ? ' (pinned)' : '') }),
    el('td', { text: fmtNumber(profile.approvals) }),
    el('td', { text: fmtNumber(profile.rejections) }),
    el('td', { text: profile.approvals_to_promotion === null ? '—'
      : `${fmtNumber(profile.approvals_to_promotion)} approval(s)` }),
    actions);
}

async function pinTrust(profile, level) {
  const mode = profile.livemode ? 'live' : 'test';
  const saved = await attempt(() => apiJson('PUT',
    `agents/trust-profiles/${encodeURIComponent(profile.agent_type)}/pin?mode=${mode}`, { level }));
  if (!saved) return;
  say(level === null ? `${profile.agent_type} (${mode}) unpinned: its level follows its reviews again.`
    : `${profile.agent_type} (${mode}) pinned at ${level}.`);
  await loadTrust();
}

// --- circuit breakers -------------------------------------------------------------------------
async function loadBreakers() {
  const current = ticket('breakers');
  const page = await attempt(() => apiJson('GET', 'agents/circuit-breakers'));
  if (!page || !current()) return;
  $('breakers-rows').replaceChildren(...page.data.map((breaker) => {
    const mode = breaker.livemode ? 'live' : 'test';
    const actions = el('td', { class: 'row-actions' });
    if (state.admin && breaker.state !== 'closed') {
      actions.append(el('button', { type: 'button', class: 'danger', 'data-action': 'reset',
        'aria-label': `Reset the breaker of ${breaker.agent_type} (${mode})`, text: 'Reset',
        onclick: () => resetBreaker(breaker) }));
    }
    return el('tr', { 'data-agent': breaker.agent_type, 'data-mode': mode },
      el('th', { scope: 'row', text: breaker.agent_type }),
      el('td', { text: mode }),
      el('td', { 'data-field': 'state', text: breaker.state.replace('_', '-') }),
      el('td', { text: `${fmtNumber(breaker.consecutive_failures)} of ${fmtNumber(breaker.failure_threshold)}` }),
      el('td', { text: fmtTime(breaker.opened_at) }),
      el('td', { text: breaker.retry_after_seconds === null ? '—' : `in ${fmtNumber(breaker.retry_after_seconds)} s` }),
      actions);
  }));
}

async function resetBreaker(breaker) {
  const mode = breaker.livemode ? 'live' : 'test';
  if (!await confirmAction(`Close the breaker of ${breaker.agent_type} (${mode}) now? Its runs are`
      + ' admitted again at once.', 'Reset breaker')) return;
  const saved = await attempt(() => apiJson('POST',
    `agents/circuit-breakers/${encodeURIComponent(breaker.agent_type)}/reset?mode=${mode}`));
  if (!saved) return;
  say(`The breaker of ${breaker.agent_type} (${mode}) is closed.`);
  await loadBreakers();
}

// --- documents --------------------------------------------------------------------------------
async function loadDocuments(more) {
  if (!more) state.documentsAfter = null;
  const params = new URLSearchParams({ limit: '20' });
  if (more && state.documentsAfter) params.set('starting_after', state.documentsAfter);
  const current = ticket('documents');
  const page = await attempt(() => apiJson('GET', `documents?${params}`));
  if (!page || !current()) return;
  const rows = page.data.map((doc) => {
    const actions = el('td', { class: 'row-actions' });
    if (state.admin) {
      actions.append(el('button', { type: 'button', class: 'danger', 'data-action': 'delete',
        'aria-label': `Delete document ${doc.name}`, text: 'Delete', onclick: () => deleteDocument(doc) }));
    }
    return el('tr', { 'data-document-id': doc.id },
      el('th', { scope: 'row', text: doc.name }),
      el('td', { text: doc.content_type }),
      el('td', { text: fmtNumber(doc.size) }),
      el('td', { text: doc.livemode ? 'live' : 'test' }),
      el('td', { text: fmtTime(doc.created_at) }),
      actions);
  });
  if (more) $('documents-rows').append(...rows); else $('documents-rows').replaceChildren(...rows);
  if (!more && rows.length === 0) {
    $('documents-rows').append(el('tr', {}, el('td', { colspan: 6, text: 'No documents.' })));
  }
  state.documentsAfter = page.data.length ? page.data[page.data.length - 1].id : state.documentsAfter;
  $('documents-more').hidden = !page.has_more;
}

async function deleteDocument(doc) {
  if (!await confirmAction(`Delete "${doc.name}"? Its content is erased; runs made from it keep`
      + ' their outputs and show a reference instead of the content. This cannot be undone.',
  'Delete document')) return;
  const done = await attempt(() => api('DELETE', `documents/${encodeURIComponent(doc.id)}`));
  if (done === undefined) return;
  say(`Document "${doc.name}" deleted.`);
  await loadDocuments(false);
}

// --- settings ---------------------------------------------------------------------------------
async function loadSettings() {
  const current = ticket('settings');
  const settings = await attempt(() => apiJson('GET', 'settings'));
  if (!settings || !current()) return;
  $('settings-auto-approve').value = settings.invoice_auto_approve_limit;
  $('settings-review-threshold').value =
    settings.review_admin_threshold === null ? '' : settings.review_admin_threshold;
}

async function saveSettings(event) {
  event.preventDefault();
  const limit = $('settings-auto-approve').value;
  const threshold = $('settings-review-threshold').value;
  const amount = /^\d+(\.\d{1,2})?$/;
  if (!amount.test(limit)) { complain('The auto-approve limit is an amount of at least 0, at most two decimals.'); $('settings-auto-approve').focus(); return; }
  if (threshold && !amount.test(threshold)) { complain('The review threshold is an amount of at least 0, at most two decimals, or empty.'); $('settings-review-threshold').focus(); return; }
  const saved = await attempt(() => apiJson('PUT', 'settings', {
    invoice_auto_approve_limit: Number(limit),
    review_admin_threshold: threshold ? Number(threshold) : null,
  }));
  if (!saved) return;
  say('Settings saved. The next runs and reviews follow them.');
  await loadSettings();
}

// --- audit log --------------------------------------------------------------------------------
function auditFilters() {
  const params = new URLSearchParams();
  const from = utc($('audit-from').value);
  const to = utc($('audit-to').value);
  const action = $('audit-action').value.trim();
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (action) params.set('action', action);
  return params;
}

async function loadAudit(more) {
  if (!more) state.auditAfter = null;
  const params = auditFilters();
  if (more && state.auditAfter) params.set('starting_after', state.auditAfter);
  const filtered = [...params.keys()].length > 0;
  params.set('limit', '50');
  const current = ticket('audit');
  const page = await attempt(() => apiJson('GET', `audit-log?${params}`));
  if (!page || !current()) return;
  const rows = page.data.map((e) => el('tr', { 'data-entry-id': e.id },
    el('td', { text: e.seq }),
    el('td', { text: fmtTime(e.occurred_at) }),
    el('td', { text: [e.actor_type, e.actor_hint || e.actor_id].filter(Boolean).join(' ') }),
    el('th', { scope: 'row', 'data-field': 'action', text: e.action }),
    el('td', { text: [e.resource_type, e.resource_id].filter(Boolean).join(' ') || '—' }),
    el('td', { text: e.outcome + (e.code ? ` (${e.code})` : '') + (e.occurrences > 1 ? ` ×${e.occurrences}` : '') }),
    el('td', {}, el('code', { text: e.request_id || '—' }))));
  if (more) $('audit-rows').append(...rows); else $('audit-rows').replaceChildren(...rows);
  if (!more && rows.length === 0) {
    $('audit-rows').append(el('tr', {}, el('td', { colspan: 7, text: 'No entries match.' })));
  }
  state.auditAfter = page.data.length ? page.data[page.data.length - 1].id : state.auditAfter;
  $('audit-more').hidden = !page.has_more;
  if (!more) {
    say(`${page.data.length}${page.has_more ? '+' : ''} audit entries shown${filtered ? ' (filtered)' : ''}.`);
  }
}

async function verifyAudit() {
  say('Verifying the hash chain…');
  const result = await attempt(() => apiJson('GET', 'audit-log/verify'));
  if (!result) return;
  if (result.valid) {
    say(`The chain is intact: ${fmtNumber(result.entries_checked)} entries checked.`);
  } else {
    complain(`The chain is broken at entry ${result.first_broken_seq}: the log was changed there.`);
  }
}

async function exportAudit() {
  const format = $('audit-format').value;
  const params = auditFilters();
  params.set('format', format);
  say('Preparing the export…');
  const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  const response = await attempt(() => api('GET', `audit-log/export?${params}`, undefined, type));
  if (!response) return;
  const blob = await response.blob();
  const name = `audit-log.${format}`;
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  say(`Exported ${name} (${fmtNumber(blob.size)} bytes).`);
}

// --- webhooks ---------------------------------------------------------------------------------
function endpointStatus(endpoint) {
  if (endpoint.enabled) return 'enabled';
  return endpoint.disabled_reason ? `disabled: ${endpoint.disabled_reason}` : 'disabled';
}

async function loadWebhooks(more) {
  if (!more) { state.webhooksAfter = null; $('deliveries').hidden = true; }
  const params = new URLSearchParams({ limit: '20' });
  if (more && state.webhooksAfter) params.set('starting_after', state.webhooksAfter);
  const current = ticket('webhooks');
  const page = await attempt(() => apiJson('GET', `webhook-endpoints?${params}`));
  if (!page || !current()) return;
  const rows = page.data.map((endpoint) => el('tr', { 'data-endpoint-id': endpoint.id },
    el('th', { scope: 'row', text: endpoint.url }),
    el('td', { text: endpoint.mode }),
    el('td', { text: endpoint.event_types.join(', ') }),
    el('td', { 'data-field': 'status', text: endpointStatus(endpoint) }),
    el('td', { class: 'row-actions' }, el('button', { type: 'button', class: 'quiet',
      'aria-label': `Deliveries to ${endpoint.url}`, 'data-action': 'deliveries', text: 'Deliveries',
      onclick: () => loadDeliveries(endpoint, false) }), ...endpointActions(endpoint))));
  if (more) $('webhook-rows').append(...rows); else $('webhook-rows').replaceChildren(...rows);
  if (!more && rows.length === 0) {
    $('webhook-rows').append(el('tr', {}, el('td', { colspan: 5, text: 'No endpoints yet.' })));
  }
  state.webhooksAfter = page.data.length ? page.data[page.data.length - 1].id : state.webhooksAfter;
  $('webhooks-more').hidden = !page.has_more;
}

const EVENT_TYPES = ['agent_run.succeeded', 'agent_run.failed', 'agent_run.awaiting_review',
  'agent_run.rejected', 'triage_item.created', 'triage_item.resolved', 'trust_profile.promoted',
  'trust_profile.demoted', 'circuit_breaker.opened', 'circuit_breaker.closed', 'api_key.created',
  'api_key.rotated', 'api_key.revoked', 'api_key.expiring', 'api_key.leaked', 'api_key.quarantined',
  'api_key.usage_alert', 'credits.low', 'credits.budget_reached', 'document.deleted',
  'webhook_endpoint.disabled'];

function endpointActions(endpoint) {
  if (!state.admin) return [];
  const button = (action, text, onclick, cls = 'quiet') => el('button', { type: 'button', class: cls,
    'aria-label': `${text} endpoint ${endpoint.url}`, 'data-action': action, text, onclick });
  return [
    endpoint.enabled
      ? button('disable', 'Disable', () => switchEndpoint(endpoint, false))
      : button('enable', 'Enable', () => switchEndpoint(endpoint, true)),
    button('delete', 'Delete', () => deleteEndpoint(endpoint), 'danger')];
}

function forgetEndpointSecret() {
  $('new-endpoint-secret').textContent = '';
  $('new-endpoint').hidden = true;
}

async function createEndpoint(event) {
  event.preventDefault();
  const body = {
    url: $('endpoint-url').value.trim(),
    mode: document.querySelector('input[name="endpoint-mode"]:checked').value,
    event_types: [...document.querySelectorAll('#endpoint-types input:checked')].map((c) => c.value),
  };
  if (!body.url.startsWith('https://')) { complain('The URL must start with https://.'); $('endpoint-url').focus(); return; }
  if (body.event_types.length === 0) { complain('Choose at least one event.'); return; }
  if ($('endpoint-description').value.trim()) body.description = $('endpoint-description').value.trim();
  const created = await attempt(() => apiJson('POST', 'webhook-endpoints', body));
  if (!created) return;
  $('create-endpoint').reset();
  say(`Endpoint ${created.url} added. Copy its signing secret now: it is shown only this once.`);
  $('new-endpoint-secret').textContent = created.secret;
  $('new-endpoint').hidden = false;
  $('new-endpoint-title').focus();
  await loadWebhooks(false);
}

async function switchEndpoint(endpoint, enabled) {
  const saved = await attempt(() => apiJson('PATCH',
    `webhook-endpoints/${encodeURIComponent(endpoint.id)}`, { enabled }));
  if (!saved) return;
  say(enabled ? `Endpoint ${endpoint.url} enabled: new events go to it again.`
    : `Endpoint ${endpoint.url} disabled: no events go to it until it is enabled.`);
  await loadWebhooks(false);
}

async function deleteEndpoint(endpoint) {
  if (!await confirmAction(`Delete the endpoint ${endpoint.url}? No more events go to it; this cannot`
      + ' be undone.', 'Delete endpoint')) return;
  const done = await attempt(() => api('DELETE', `webhook-endpoints/${encodeURIComponent(endpoint.id)}`));
  if (done === undefined) return;
  say(`Endpoint ${endpoint.url} deleted.`);
  await loadWebhooks(false);
}

async function loadDeliveries(endpoint, more) {
  if (!more) { state.deliveriesOf = endpoint; state.deliveriesAfter = null; }
  const params = new URLSearchParams({ limit: '20' });
  if (more && state.deliveriesAfter) params.set('starting_after', state.deliveriesAfter);
  const path = `webhook-endpoints/${encodeURIComponent(endpoint.id)}/deliveries?${params}`;
  const page = await attempt(() => apiJson('GET', path));
  if (!page) return;
  const rows = page.data.map((d) => el('tr', { 'data-delivery-id': d.id },
    el('td', { text: fmtTime(d.created_at) }),
    el('th', { scope: 'row', text: d.event_id + (d.manual ? ' (redelivery)' : '') }),
    el('td', { 'data-field': 'status', text: d.status }),
    el('td', { text: fmtNumber(d.attempts) }),
    el('td', { text: d.last_response_code !== null ? String(d.last_response_code) : (d.last_error || '—') }),
    el('td', { text: d.last_latency_ms !== null ? `${fmtNumber(d.last_latency_ms)} ms` : '—' }),
    el('td', { text: fmtTime(d.next_attempt_at) }),
    el('td', { class: 'row-actions' }, ...(state.admin ? [el('button', { type: 'button', class: 'quiet',
      'aria-label': `Redeliver ${d.event_id}`, 'data-action': 'redeliver', text: 'Redeliver',
      onclick: () => redeliver(endpoint, d.event_id) })] : []))));
  if (more) $('delivery-rows').append(...rows); else $('delivery-rows').replaceChildren(...rows);
  if (!more && rows.length === 0) {
    $('delivery-rows').append(el('tr', {}, el('td', { colspan: 8, text: 'Nothing delivered yet.' })));
  }
  state.deliveriesAfter = page.data.length ? page.data[page.data.length - 1].id : state.deliveriesAfter;
  $('deliveries-more').hidden = !page.has_more;
  $('deliveries-endpoint').textContent = `${endpoint.url} (${endpointStatus(endpoint)})`;
  $('deliveries').hidden = false;
  if (!more) $('deliveries-title').focus();
}

async function redeliver(endpoint, eventId) {
  const path = `webhook-endpoints/${encodeURIComponent(endpoint.id)}/redeliveries`;
  const queued = await attempt(() => apiJson('POST', path, { event_id: eventId }));
  if (!queued) return;
  say(`${eventId} is queued for delivery again.`);
  loadDeliveries(endpoint, false);
}

// --- wiring -----------------------------------------------------------------------------------
// A table that scrolls sideways must be reachable by keyboard (WCAG 2.1.1): each wrapper takes the
// focus, as a region named after its table's caption or label, so arrow keys scroll it.
function scrollableByKeyboard() {
  for (const wrap of document.querySelectorAll('.table-wrap, pre')) {
    if (wrap.hasAttribute('tabindex')) continue;
    wrap.tabIndex = 0;
    const table = wrap.querySelector('table');
    const name = table && (table.getAttribute('aria-label') || table.caption?.textContent);
    if (name) {
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', name.trim());
    }
  }
}

function wire() {
  scrollableByKeyboard();
  $('key-scopes').append(...SCOPES.map((scope) => el('label', { class: 'inline' },
    el('input', { type: 'checkbox', value: scope, id: `scope-${scope.replace(':', '-')}` }), ` ${scope}`)));
  $('edit-scopes').append(...SCOPES.map((scope) => el('label', { class: 'inline' },
    el('input', { type: 'checkbox', value: scope, id: `edit-scope-${scope.replace(':', '-')}` }), ` ${scope}`)));
  $('edit-key').addEventListener('submit', saveKey);
  $('edit-cancel').addEventListener('click', () => closeEdit(true));
  $('key-usage-close').addEventListener('click', () => { $('key-usage').hidden = true; });
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) { complain('Paste a token first.'); $('token').focus(); return; }
    quiet();
    signIn(token);
  });
  $('sign-out').addEventListener('click', () => (state.session ? endSession(false) : signOut(null)));
  window.addEventListener('hashchange', () => {
    quiet();
    if (location.hash.includes('access_token=')) {
      // only ever at load, with this tab's state: a token pushed in later is dropped unread
      history.replaceState(null, '', location.pathname);
      complain(HAND_OVER_REFUSED);
      return;
    }
    show();
  });
  if (DEV && signInUrl()) {
    $('sign-in-provider').hidden = false;
    $('sign-in-provider').addEventListener('click', startProviderSignIn);
  }
  $('create-key').addEventListener('submit', createKey);
  $('copy-key').addEventListener('click', copySecret);
  $('dismiss-key').addEventListener('click', () => { forgetSecret(); say('The key is no longer shown.'); $('keys-title').focus(); });
  $('keys-more').addEventListener('click', () => loadKeys(true));
  $('freeze-test').addEventListener('click', () => freezeKeys(['test']));
  $('freeze-all').addEventListener('click', () => freezeKeys(['test', 'live']));
  $('thaw-keys').addEventListener('click', () => freezeKeys([]));
  $('budget-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('budget-limit').value;
    if (!/^[1-9][0-9]*$/.test(value)) { complain('The budget is a whole number of credits, at least 1.'); return; }
    setBudget(Number(value));
  });
  $('budget-clear').addEventListener('click', () => setBudget(null));
  $('triage-filter').addEventListener('submit', (event) => { event.preventDefault(); loadTriage(false); });
  $('triage-more').addEventListener('click', () => loadTriage(true));
  $('triage-approve').addEventListener('click', () => resolve('approve'));
  $('triage-reject').addEventListener('click', () => resolve('reject'));
  $('triage-close').addEventListener('click', () => closeReview(true));
  $('runs-filter').addEventListener('submit', (event) => { event.preventDefault(); loadRuns(false); });
  $('runs-more').addEventListener('click', () => loadRuns(true));
  $('run-close').addEventListener('click', () => closeRun(true));
  $('run-triage').addEventListener('click', openRunsTriageItem);
  $('documents-more').addEventListener('click', () => loadDocuments(true));
  $('settings-form').addEventListener('submit', saveSettings);
  $('audit-filter').addEventListener('submit', (event) => { event.preventDefault(); loadAudit(false); });
  $('audit-more').addEventListener('click', () => loadAudit(true));
  $('audit-verify').addEventListener('click', verifyAudit);
  $('audit-export').addEventListener('click', exportAudit);
  $('webhooks-more').addEventListener('click', () => loadWebhooks(true));
  $('endpoint-types').append(...EVENT_TYPES.map((type) => el('label', { class: 'inline' },
    el('input', { type: 'checkbox', value: type, id: `endpoint-type-${type.replace(/[._]/g, '-')}` }), ` ${type}`)));
  $('create-endpoint').addEventListener('submit', createEndpoint);
  $('dismiss-endpoint').addEventListener('click', () => { forgetEndpointSecret(); say('The secret is no longer shown.'); $('webhooks-title').focus(); });
  $('deliveries-more').addEventListener('click', () => loadDeliveries(state.deliveriesOf, true));
  $('deliveries-close').addEventListener('click', () => { $('deliveries').hidden = true; $('webhooks-title').focus(); });
}

// What a return from the provider's sign-in means (/console?sign-in=…), in words.
const SIGN_IN_OUTCOMES = {
  refused: 'That sign-in was refused: it was not started in this browser, or was already used. Sign in again.',
  failed: 'The identity provider did not sign you in. Try again, or ask your administrator.',
  unavailable: 'The identity provider cannot be reached right now. Try again in a moment.',
};

async function serverSession() {
  try {
    const response = await fetch('/console/session', { cache: 'no-store', credentials: 'same-origin',
      redirect: 'error' });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

async function start() {
  const outcome = new URLSearchParams(location.search).get('sign-in');
  if (outcome) history.replaceState(null, '', location.pathname + location.hash);
  const session = await serverSession();
  $('sign-in-session').hidden = !(session && session.sign_in_available);
  $('sign-in-paste').hidden = !DEV;
  if (session && session.signed_in) {
    state.csrf = session.csrf_token;
    $('app').hidden = true;
    signIn(null);
    return;
  }
  const token = DEV ? handedOver || sessionStorage.getItem(TOKEN_ITEM) : null;
  if (token) {
    $('app').hidden = true;
    signIn(token);
    return;
  }
  $('sign-in').hidden = false;
  if (handOverRefused) complain(DEV ? HAND_OVER_REFUSED : HAND_OVER_NOT_HERE);
  else if (SIGN_IN_OUTCOMES[outcome]) complain(SIGN_IN_OUTCOMES[outcome]);
}

const HAND_OVER_NOT_HERE = 'This console does not take tokens in its address. Sign in with your '
  + 'organization account.';
const handedOver = takeHandedOverToken();
wire();
start();
