// The public APIs the portal uses, exactly as an SDK would: ARM with a bearer token from
// Cerulean's token issuer, the identity endpoints, and the data plane with keys. Errors keep the
// words Azure puts in them.

import { session } from "./session.js";

/** The api-version the portal sends for each family (the ones the SDKs in the seeds send). */
export const apiVersions = {
  arm: "2022-12-01",
  resources: "2021-04-01",
  "Microsoft.MachineLearningServices": "2024-04-01",
  "Microsoft.CognitiveServices": "2024-10-01",
  "Microsoft.SaaS": "2018-03-01-beta",
  "Microsoft.Authorization": "2022-04-01",
  "Microsoft.CostManagement": "2023-03-01",
  inference: "2024-05-01-preview",
  azureOpenAI: "2024-10-21",
};

/** The api-version for a resource type or id (its namespace decides). */
export function apiVersionFor(typeOrId) {
  const text = String(typeOrId);
  const match = /providers\/([^/]+)/i.exec(text) ?? /^([^/]+)\//.exec(text);
  const namespace = match?.[1]?.toLowerCase();
  const known = Object.keys(apiVersions).find((key) => key.toLowerCase() === namespace);
  return known ? apiVersions[known] : apiVersions.resources;
}

/** An error as Azure words it: the envelope's code and message, the HTTP status, the headers. */
export class AzureError extends Error {
  constructor(status, code, message, headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  /** "Code: message", as the portal shows it. */
  get text() {
    return this.code && !this.message.startsWith(this.code) ? `${this.code}: ${this.message}` : this.message;
  }
}

/** Reads the error of a failed response: ARM's and the data plane's envelope, or OAuth's. */
export async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: the status line says it all
  }
  const error = body?.error;
  if (error && typeof error === "object") {
    return new AzureError(response.status, error.code ? String(error.code) : "", error.message ?? response.statusText, response.headers);
  }
  if (typeof error === "string") {
    return new AzureError(response.status, error, body.error_description ?? error, response.headers);
  }
  return new AzureError(response.status, String(response.status), response.statusText || `HTTP ${response.status}`, response.headers);
}

/** Adds `api-version` (and other parameters) to a path or URL. */
export function withQuery(path, query) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) url.searchParams.set(name, value);
  }
  return url.origin === location.origin ? url.pathname + url.search : url.href;
}

/** One ARM call; resolves with the parsed body (null for an empty answer), throws an AzureError. */
export async function arm(method, path, { body, apiVersion, query = {} } = {}) {
  const token = await session.accessToken();
  const target = path.includes("api-version=") ? path : withQuery(path, { "api-version": apiVersion ?? apiVersionFor(path), ...query });
  const response = await fetch(target, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** One Microsoft Graph v1.0 call with a Graph token for the signed-in principal; Graph's errors as it words them. */
export async function graph(method, path, body) {
  const token = await session.graphToken();
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw await errorFrom(response);
  return response.status === 204 ? null : response.json();
}

/** Every item of a Graph list, following `@odata.nextLink`. */
export async function graphList(path) {
  const items = [];
  let next = path;
  while (next) {
    const page = await graph("GET", next);
    items.push(...(page?.value ?? []));
    next = page?.["@odata.nextLink"] ?? null;
  }
  return items;
}

/** Every item of an ARM list, following `nextLink`. */
export async function armList(path, options = {}) {
  const items = [];
  let page = await arm("GET", path, options);
  items.push(...(page?.value ?? []));
  while (page?.nextLink) {
    page = await arm("GET", page.nextLink);
    items.push(...(page?.value ?? []));
  }
  return items;
}

/** GET that answers null for a 404 instead of throwing. */
export async function armGetOrNull(path, options) {
  try {
    return await arm("GET", path, options);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

/** Encodes one path segment. */
export const seg = (text) => encodeURIComponent(text);

/** ARM ids the portal builds, from the signed-in subscription. */
export const ids = {
  subscription: () => `/subscriptions/${seg(session.subscriptionId())}`,
  group: (group) => `${ids.subscription()}/resourceGroups/${seg(group)}`,
  workspace: (group, name) => `${ids.group(group)}/providers/Microsoft.MachineLearningServices/workspaces/${seg(name)}`,
  account: (group, name) => `${ids.group(group)}/providers/Microsoft.CognitiveServices/accounts/${seg(name)}`,
};

/** Parses an ARM id into its subscription, group and the name of each segment. */
export function parseId(id) {
  const parts = id.split("/").filter(Boolean);
  const out = { subscription: parts[1], group: null, namespace: null, names: [], types: [] };
  const groupIndex = parts.findIndex((p) => p.toLowerCase() === "resourcegroups");
  if (groupIndex >= 0) out.group = decodeURIComponent(parts[groupIndex + 1]);
  const providerIndex = parts.findIndex((p) => p.toLowerCase() === "providers");
  if (providerIndex >= 0) {
    out.namespace = parts[providerIndex + 1];
    for (let i = providerIndex + 2; i + 1 < parts.length; i += 2) {
      out.types.push(parts[i]);
      out.names.push(decodeURIComponent(parts[i + 1]));
    }
  }
  return out;
}

/**
 * Polls `read()` until `done(value)` holds (or read answers null when `gone` is wanted), calling
 * `onValue` each time. Stops with an error after `timeoutMs`.
 */
export async function waitUntil(read, done, { onValue, intervalMs = 700, timeoutMs = 120000, signal } = {}) {
  const started = Date.now();
  for (;;) {
    if (signal?.aborted) throw new Error("Stopped.");
    const value = await read();
    onValue?.(value);
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error("The operation did not finish in time.");
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A data-plane call with a key: resolves with the Response (the caller reads JSON or a stream). */
export async function dataPlane(url, key, body, { signal } = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "api-key": key, "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await errorFrom(response);
  return response;
}

/** The server-sent events of a streamed answer, one parsed JSON payload at a time. */
export async function* events(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let boundary;
    while ((boundary = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      for (const line of block.split("\n")) {
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") return;
        yield JSON.parse(data);
      }
    }
  }
}

/** The model catalog the server loaded (`GET /catalog/models`), read once per page load. */
let catalogPromise = null;
export function catalog() {
  catalogPromise ??= fetch("/catalog/models").then(async (response) => {
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()).value;
  });
  catalogPromise.catch(() => { catalogPromise = null; });
  return catalogPromise;
}

/** The regions of the subscription (`GET /subscriptions/{s}/locations`), read once. */
let regionsPromise = null;
export function regions() {
  regionsPromise ??= armList(`${ids.subscription()}/locations`, { apiVersion: apiVersions.arm })
    .then((items) => items.map((r) => r.name).sort());
  regionsPromise.catch(() => { regionsPromise = null; });
  return regionsPromise;
}
