// Endpoints: the project's serverless and online endpoints, and the model deployments of the
// subscription's Azure OpenAI and AI Services resources. Lists follow ARM live.

import { h, replace, tabs, table, statePill } from "../lib/dom.js";
import { armList, ids, parseId } from "../lib/api.js";
import { session } from "../lib/session.js";
import { healthOf } from "./endpoint.js";

const modelName = (id) => id?.split("/models/")[1] ?? id ?? "";

/** Redraws `area` from `read()` only when what it shows changed (focus stays where it was). */
function live(ctx, area, read, draw) {
  let last = null;
  async function refresh() {
    try {
      const value = await read();
      const text = JSON.stringify(value);
      if (text === last) return;
      last = text;
      replace(area, draw(value));
    } catch (error) {
      last = null;
      replace(area, h("p", { class: "error", role: "alert" }, error.text ?? error.message));
    }
  }
  ctx.every(3000, refresh);
  return refresh();
}

function serverless(panel, ctx) {
  const project = session.project();
  if (!project) {
    panel.append(h("p", { class: "notice" }, "Serverless endpoints live in a project. ", h("a", { href: "#/projects" }, "Open a project"), " to see its endpoints."));
    return;
  }
  const area = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  panel.append(h("p", { class: "muted" }, `Project ${project.name}`), area);
  const workspace = ids.workspace(project.group, project.name);
  live(ctx, area, () => armList(`${workspace}/serverlessEndpoints`), (items) => table("Serverless endpoints",
    ["Name", "Model", "Region", "State", "Health", "Provisioning"],
    items.map((e) => [
      h("a", { href: `#/endpoints/serverless/${encodeURIComponent(project.group)}/${encodeURIComponent(project.name)}/${encodeURIComponent(e.name)}` }, e.name),
      modelName(e.properties?.modelSettings?.modelId), e.location, statePill(e.properties?.endpointState), statePill(healthOf(e)),
      statePill(e.properties?.provisioningState),
    ]),
    { empty: "No serverless endpoints in this project yet: deploy one from the model catalog.", rowProps: (i) => ({ dataset: { endpoint: items[i].name } }) }));
}

function online(panel, ctx) {
  const project = session.project();
  if (!project) {
    panel.append(h("p", { class: "notice" }, "Online endpoints live in a project. ", h("a", { href: "#/projects" }, "Open a project"), " to see its endpoints."));
    return;
  }
  const area = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  panel.append(h("p", { class: "muted" }, `Project ${project.name}: managed compute`), area);
  const workspace = ids.workspace(project.group, project.name);
  async function read() {
    const rows = [];
    for (const e of await armList(`${workspace}/onlineEndpoints`)) rows.push({ e, deployments: await armList(`${e.id}/deployments`) });
    return rows;
  }
  live(ctx, area, read, (rows) => table("Online endpoints", ["Name", "Deployments", "Region", "Traffic", "State"],
    rows.map(({ e, deployments }) => [
      h("a", { href: `#/endpoints/online/${encodeURIComponent(project.group)}/${encodeURIComponent(project.name)}/${encodeURIComponent(e.name)}` }, e.name),
      deployments.map((d) => `${d.name} (${d.sku?.capacity ?? 1} × ${d.properties?.instanceType})`).join(", "), e.location,
      Object.entries(e.properties?.traffic ?? {}).map(([d, w]) => `${d} ${w} %`).join(", "), statePill(e.properties?.provisioningState),
    ]),
    { empty: "No online endpoints in this project yet: deploy a model to managed compute from the model catalog.", rowProps: (i) => ({ dataset: { online: rows[i].e.name } }) }));
}

function accounts(panel, ctx) {
  const area = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  panel.append(area);
  async function read() {
    const all = await armList(`${ids.subscription()}/providers/Microsoft.CognitiveServices/accounts`);
    const rows = [];
    for (const account of all) {
      for (const d of await armList(`${account.id}/deployments`)) rows.push({ account, d });
    }
    return rows;
  }
  live(ctx, area, read, (rows) => table("Model deployments",
    ["Deployment", "Resource", "Kind", "Model", "Deployment type", "State"],
    rows.map(({ account, d }) => [
      h("a", { href: `#/endpoints/account/${encodeURIComponent(parseId(account.id).group)}/${encodeURIComponent(account.name)}/${encodeURIComponent(d.name)}` }, d.name),
      account.name, account.kind, `${d.properties?.model?.name} ${d.properties?.model?.version ?? ""}`, `${d.sku?.name} (${d.sku?.capacity})`,
      statePill(d.properties?.provisioningState),
    ]),
    { empty: "No deployments yet: deploy an Azure OpenAI or AI Services model from the model catalog.", rowProps: (i) => ({ dataset: { deployment: rows[i].d.name } }) }));
}

export async function render(main, _params, ctx) {
  main.append(h("h1", {}, "Endpoints"));
  const items = [
    { id: "serverless", label: "Serverless endpoints", render: (panel) => serverless(panel, ctx) },
    { id: "online", label: "Online endpoints", render: (panel) => online(panel, ctx) },
    { id: "accounts", label: "Azure OpenAI and AI Services", render: (panel) => accounts(panel, ctx) },
  ];
  const wanted = ctx.query.get("tab");
  main.append(tabs("Endpoint kinds", items, { initial: items.some((i) => i.id === wanted) ? wanted : "serverless" }).element);
}
