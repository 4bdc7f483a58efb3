// Who is signed in, with which token, subscription and project. Kept in sessionStorage (one
// browser tab, gone when it closes). Tokens come from Cerulean's own token issuer through the
// OAuth client-credentials grant, the way azure-identity's ClientSecretCredential gets them.

const KEY = "cerulean-portal";
const ARM_SCOPE = "https://management.azure.com/.default";
const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
/** Cerulean's issuer accepts any secret; the portal sends this one. */
const SECRET = "cerulean-portal-secret";

/**
 * The principals the sign-in page offers: the ones Cerulean's own tools use. Any other client id
 * can be typed in: the token endpoint issues a token for whichever client asks.
 */
export const knownPrincipals = [
  { clientId: "cerulean-cli", kind: "Service principal",
    note: "The service principal `cerulean az-setup` signs the Azure CLI in as." },
  { clientId: "cerulean-managed-identity", kind: "Managed identity",
    note: "The identity DefaultAzureCredential gets from the managed-identity endpoint `cerulean env` sets." },
];

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? "null");
  } catch {
    return null;
  }
}

function save(state) {
  sessionStorage.setItem(KEY, JSON.stringify(state));
}

/** The claims of a JWT (no verification: the server verifies). */
function claims(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
  } catch {
    return {};
  }
}

/** The cloud's discovery document (`/metadata/endpoints`), as azure-ai-ml and az read it. */
async function cloud() {
  const response = await fetch("/metadata/endpoints?api-version=2022-09-01");
  if (!response.ok) throw new Error(`The cloud metadata answered ${response.status}.`);
  return response.json();
}

/** A token for `clientId` from the issuer; throws with the issuer's own words. */
async function requestToken(clientId, secret = SECRET, scope = ARM_SCOPE) {
  const metadata = await cloud();
  const login = new URL(metadata.authentication.loginEndpoint, location.origin);
  const tenant = metadata.authentication.tenant ?? "common";
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret, scope });
  const response = await fetch(`${login.pathname.replace(/\/$/, "")}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: form,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error_description ?? body.error ?? `The token endpoint answered ${response.status}.`);
  }
  return { token: body.access_token, expiresAt: Date.now() + (Number(body.expires_in) || 3600) * 1000 };
}

/**
 * The service principals and users Microsoft Graph lists (`GET /v1.0/servicePrincipals`, `/v1.0/users`)
 * when the server answers them, with a Graph token for the default principal; an empty list when it does not.
 */
export async function graphPrincipals() {
  try {
    const { token } = await requestToken(knownPrincipals[0].clientId, SECRET, GRAPH_SCOPE);
    const found = [];
    for (const [path, kind] of [["/v1.0/servicePrincipals", "Service principal"], ["/v1.0/users", "User"]]) {
      const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
      if (!response.ok) continue;
      for (const item of (await response.json()).value ?? []) {
        const clientId = item.appId ?? item.userPrincipalName ?? item.id;
        if (clientId && !knownPrincipals.some((p) => p.clientId === clientId)) {
          found.push({ clientId, kind, note: item.displayName ?? "" });
        }
      }
    }
    return found;
  } catch {
    return [];
  }
}

export const session = {
  signedIn: () => Boolean(load()?.token),
  principal: () => load()?.principal ?? null,
  subscriptionId: () => load()?.subscriptionId ?? null,
  subscriptionName: () => load()?.subscriptionName ?? null,
  tenantId: () => load()?.tenantId ?? null,
  project: () => load()?.project ?? null,

  /** Signs `clientId` in: a token, then the subscriptions it can see (the first one is chosen). */
  async signIn(clientId, kind, secret = SECRET) {
    const { token, expiresAt } = await requestToken(clientId, secret);
    const state = { principal: { clientId, kind, objectId: claims(token).oid ?? null }, token, expiresAt, secret };
    save(state);
    const response = await fetch("/subscriptions?api-version=2022-12-01", { headers: { Authorization: `Bearer ${token}` } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      sessionStorage.removeItem(KEY);
      throw new Error(body.error ? `${body.error.code}: ${body.error.message}` : `ARM answered ${response.status}.`);
    }
    const subscription = (body.value ?? [])[0];
    if (!subscription) {
      sessionStorage.removeItem(KEY);
      throw new Error("This principal can see no subscription.");
    }
    state.subscriptions = body.value.map((s) => ({ id: s.subscriptionId, name: s.displayName }));
    state.subscriptionId = subscription.subscriptionId;
    state.subscriptionName = subscription.displayName;
    state.tenantId = subscription.tenantId ?? claims(token).tid ?? null;
    save(state);
  },

  subscriptions: () => load()?.subscriptions ?? [],

  chooseSubscription(id) {
    const state = load();
    const chosen = state.subscriptions.find((s) => s.id === id);
    if (!chosen) return;
    state.subscriptionId = chosen.id;
    state.subscriptionName = chosen.name;
    state.project = null;
    save(state);
  },

  signOut() {
    sessionStorage.removeItem(KEY);
  },

  /** The current token, renewed a minute before it expires. */
  async accessToken() {
    const state = load();
    if (!state?.token) throw new Error("Sign in first.");
    if (Date.now() > state.expiresAt - 60000) {
      const renewed = await requestToken(state.principal.clientId, state.secret ?? SECRET);
      Object.assign(state, renewed);
      save(state);
    }
    return state.token;
  },

  /** A token for Microsoft Graph's audience for the signed-in principal, renewed like the ARM one. */
  async graphToken() {
    const state = load();
    if (!state?.token) throw new Error("Sign in first.");
    if (!state.graph || Date.now() > state.graph.expiresAt - 60000) {
      state.graph = await requestToken(state.principal.clientId, state.secret ?? SECRET, GRAPH_SCOPE);
      save(state);
    }
    return state.graph.token;
  },

  /** The project (an Azure AI project or ML workspace) pages work in: {group, name, location, hub}. */
  chooseProject(project) {
    const state = load();
    state.project = project;
    save(state);
  },
};
