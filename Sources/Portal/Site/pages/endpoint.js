// A serverless endpoint: its state (Unhealthy explained), Target URI and keys on the Details
// tab, the code to call it on the Consume tab, and delete with confirmation. The state follows
// the resource live.

import { h, replace, tabs, facts, statePill, copyButton, toast, rich } from "../lib/dom.js";
import { arm, armGetOrNull, catalog, ids, parseId, apiVersions } from "../lib/api.js";
import { follow, deleteWithConfirmation } from "../lib/lifecycle.js";
import { keysPanel } from "../lib/keys.js";
import { consumePanel } from "../lib/consume.js";
import { navigate } from "../lib/router.js";

/** What each endpoint state means for the person looking at it. */
export function explainState(endpoint) {
  const state = endpoint.properties?.endpointState;
  const subscription = endpoint.properties?.marketplaceSubscriptionId;
  const subscriptionName = subscription ? parseId(subscription).names.at(-1) : "";
  switch (state) {
    case "Online": return "Healthy: call it with the Target URI and a key.";
    case "Creating": return "Being created: it can be called once it is Online.";
    case "Suspending":
    case "Suspended":
      return `Unhealthy: the Azure Marketplace subscription this endpoint uses (${subscriptionName}) was deleted, or its SaaS resource was, so the endpoint refuses calls. Subscribe the project to the model's offer again to reinstate it.`;
    case "Reinstating": return "Being reinstated: the project subscribed to the model's offer again.";
    case "Deleting": return "Being deleted.";
    case "CreationFailed": return "Creation failed: delete it and deploy again.";
    case "DeletionFailed": return "Deletion failed: try deleting it again.";
    default: return state ?? "";
  }
}

export const healthOf = (endpoint) => (["Suspending", "Suspended", "CreationFailed", "DeletionFailed"].includes(endpoint.properties?.endpointState) ? "Unhealthy" : "Healthy");

export async function render(main, { group, workspace, name }, ctx) {
  const path = `${ids.workspace(group, workspace)}/serverlessEndpoints/${encodeURIComponent(name)}`;
  main.append(h("p", { class: "crumbs" }, h("a", { href: "#/endpoints" }, "Endpoints"), " / Serverless endpoints / ", name));
  let endpoint = await armGetOrNull(path);
  if (!endpoint) {
    main.append(h("h1", {}, name), h("p", { class: "error", role: "alert" }, `The serverless endpoint '${name}' does not exist in workspace '${workspace}'.`));
    return;
  }
  const model = (await catalog()).find((m) => m.id.toLowerCase() === endpoint.properties.modelSettings.modelId.toLowerCase());
  const deleteButton = h("button", { type: "button", class: "danger", id: "delete" }, "Delete");
  main.append(h("div", { class: "title-row" }, h("h1", {}, name), deleteButton));

  const stateArea = h("div", { class: "state-area", "aria-live": "polite" });
  function drawState() {
    const p = endpoint.properties;
    replace(stateArea,
      h("p", { class: `state-line ${healthOf(endpoint) === "Unhealthy" ? "bad" : ""}`, id: "state" },
        statePill(healthOf(endpoint)), " ", statePill(p.endpointState), " ", h("span", { id: "state-explained" }, explainState(endpoint))));
  }
  drawState();
  main.append(stateArea);

  const uri = endpoint.properties.inferenceEndpoint.uri;
  const keysUrl = new URL(`${path}/listKeys?api-version=${apiVersions["Microsoft.MachineLearningServices"]}`, location.origin).href;
  const consume = consumePanel(
    { style: "serverless", uri, name, task: model?.task ?? "chat-completion", keysUrl },
    uri, () => keys.load(), (k) => k.primaryKey);
  const regenerate = (keyType) => () => arm("POST", `${path}/regenerateKeys`, { body: { keyType } });
  const keys = keysPanel([
    { field: "primaryKey", label: "Primary key", regenerate: regenerate("Primary") },
    { field: "secondaryKey", label: "Secondary key", regenerate: regenerate("Secondary") },
  ], () => arm("POST", `${path}/listKeys`), (k) => consume.fill(k.primaryKey));

  const detailsFacts = h("div", {});
  function drawDetails() {
    const p = endpoint.properties;
    replace(detailsFacts, facts([
      ["Target URI", [h("code", { id: "target-uri" }, uri), " ", copyButton(() => uri, "Target URI")]],
      ["Model", [model ? h("a", { href: `#/models/${encodeURIComponent(model.id)}` }, model.name) : p.modelSettings.modelId, " ", h("code", {}, p.modelSettings.modelId)]],
      ["Provisioning state", statePill(p.provisioningState)],
      ["Authentication", p.authMode],
      ["Content filter", p.contentSafety?.contentSafetyStatus ?? "Enabled"],
      ["Region", endpoint.location],
      ["Project", `${workspace} (resource group ${group})`],
      ["Marketplace subscription", p.marketplaceSubscriptionId ? h("code", {}, p.marketplaceSubscriptionId) : "None (a Microsoft model)"],
      ["Rate limits", `${(model?.rateLimits?.tokensPerMinute ?? 200000).toLocaleString("en-US")} tokens and ${(model?.rateLimits?.requestsPerMinute ?? 1000).toLocaleString("en-US")} requests per minute`],
    ]));
  }
  drawDetails();
  main.append(tabs("Endpoint", [
    { id: "details", label: "Details", render: (panel) => panel.append(detailsFacts, h("h2", {}, "Keys"), keys.element,
      h("p", { class: "hint" }, rich("Either key works, in an `api-key` header or as a bearer token. Regenerate one while clients use the other."))) },
    { id: "consume", label: "Consume", render: (panel) => panel.append(consume.element) },
  ]).element,
  h("p", {}, h("a", { href: `#/playground?endpoint=${encodeURIComponent(`serverless/${group}/${workspace}/${name}`)}`, class: "button" }, "Open in playground")));

  const following = follow(ctx, 2000, endpoint, () => armGetOrNull(path), (fresh) => {
    endpoint = fresh;
    drawState();
    drawDetails();
  }, () => replace(stateArea, h("p", { class: "error", role: "alert" }, "This endpoint no longer exists.")));
  deleteWithConfirmation(deleteButton, {
    title: `Delete ${name}?`, message: `The serverless endpoint ${name} and its keys are deleted; clients calling it get errors from then on.`,
    path, stateArea, following, done: () => { toast(`Endpoint ${name} deleted.`); navigate("/endpoints"); },
  });
}
