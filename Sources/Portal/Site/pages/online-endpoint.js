// A managed online endpoint: its state, scoring URI, keys, its deployments (VM size, instances,
// traffic), the Consume tab's code, and delete with confirmation. Follows ARM live.

import { h, replace, tabs, facts, statePill, copyButton, toast, table } from "../lib/dom.js";
import { arm, armList, armGetOrNull, catalog, ids } from "../lib/api.js";
import { follow, deleteWithConfirmation } from "../lib/lifecycle.js";
import { keysPanel } from "../lib/keys.js";
import { consumePanel } from "../lib/consume.js";
import { navigate } from "../lib/router.js";
import { session } from "../lib/session.js";

/** The catalog model a deployment's `azureml://registries/.../models/{m}/versions/{v}` names. */
const modelOf = (models, reference) => models.find((m) => reference?.toLowerCase().startsWith(`${m.id.toLowerCase()}/versions/`));

export async function render(main, { group, workspace, name }, ctx) {
  const path = `${ids.workspace(group, workspace)}/onlineEndpoints/${encodeURIComponent(name)}`;
  main.append(h("p", { class: "crumbs" }, h("a", { href: "#/endpoints?tab=online" }, "Endpoints"), " / Online endpoints / ", name));
  let endpoint = await armGetOrNull(path);
  if (!endpoint) {
    main.append(h("h1", {}, name), h("p", { class: "error", role: "alert" }, `The online endpoint '${name}' does not exist in workspace '${workspace}'.`));
    return;
  }
  const models = await catalog();
  let deployments = await armList(`${path}/deployments`);
  const deleteButton = h("button", { type: "button", class: "danger", id: "delete" }, "Delete");
  main.append(h("div", { class: "title-row" }, h("h1", {}, name), deleteButton));
  const stateArea = h("div", { class: "state-area", "aria-live": "polite" });
  const detailsArea = h("div", {});
  const deploymentsArea = h("div", {});
  function draw() {
    const p = endpoint.properties;
    replace(stateArea, h("p", { class: "state-line", id: "state" }, statePill(p.provisioningState), " ",
      h("span", { id: "state-explained" }, p.provisioningState === "Succeeded" ? "Ready: score it with the URI and a key." : "Being provisioned.")));
    replace(detailsArea, facts([
      ["Scoring URI", [h("code", { id: "scoring-uri" }, p.scoringUri), " ", copyButton(() => p.scoringUri, "Scoring URI")]],
      ["Authentication", p.authMode],
      ["Region", endpoint.location],
      ["Traffic", Object.entries(p.traffic ?? {}).map(([d, w]) => `${d} ${w} %`).join(", ") || "None yet"],
      ["Project", `${workspace} (resource group ${group})`],
    ]));
    replace(deploymentsArea, table("Deployments", ["Name", "Model", "VM size", "Instances", "State"], deployments.map((d) => [
      d.name, modelOf(models, d.properties?.model)?.name ?? d.properties?.model ?? "", d.properties?.instanceType ?? "",
      String(d.sku?.capacity ?? ""), statePill(d.properties?.provisioningState),
    ]), { empty: "No deployments yet.", rowProps: (i) => ({ dataset: { deployment: deployments[i].name } }) }));
  }
  draw();
  const first = deployments[0];
  const consume = consumePanel({ style: "online", scoringUri: endpoint.properties.scoringUri, endpoint: name,
    scoring: modelOf(models, first?.properties?.model)?.managedCompute?.scoring, subscription: session.subscriptionId(), group, workspace },
  endpoint.properties.scoringUri, () => keys.load(), (k) => k.primaryKey);
  const regenerate = (keyType) => () => arm("POST", `${path}/regenerateKeys`, { body: { keyType } });
  const keys = keysPanel([
    { field: "primaryKey", label: "Primary key", regenerate: regenerate("Primary") },
    { field: "secondaryKey", label: "Secondary key", regenerate: regenerate("Secondary") },
  ], () => arm("POST", `${path}/listKeys`), (k) => consume.fill(k.primaryKey));
  main.append(stateArea, tabs("Online endpoint", [
    { id: "details", label: "Details", render: (panel) => panel.append(detailsArea, h("h2", {}, "Deployments"), deploymentsArea, h("h2", {}, "Keys"), keys.element) },
    { id: "consume", label: "Consume", render: (panel) => panel.append(consume.element) },
  ]).element);

  const read = async () => {
    const fresh = await armGetOrNull(path);
    return fresh && [fresh, await armList(`${path}/deployments`)];
  };
  const following = follow(ctx, 3000, [endpoint, deployments], read, ([fresh, freshDeployments]) => {
    endpoint = fresh;
    deployments = freshDeployments;
    draw();
  }, () => replace(stateArea, h("p", { class: "error", role: "alert" }, "This endpoint no longer exists.")));
  deleteWithConfirmation(deleteButton, {
    title: `Delete ${name}?`, message: `The online endpoint ${name}, its deployments and their VMs are deleted; the quota they hold is freed.`,
    path, stateArea, following, done: () => { toast(`Endpoint ${name} deleted.`); navigate("/endpoints?tab=online"); },
  });
}
