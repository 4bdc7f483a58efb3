// A model deployment in an Azure OpenAI or AI Services resource: state, Target URI, the
// account's keys (hidden, copy, regenerate), capacity and rate limits, the Consume tab, delete.

import { h, replace, tabs, facts, statePill, copyButton, toast, rich } from "../lib/dom.js";
import { arm, armGetOrNull, catalog, ids } from "../lib/api.js";
import { follow, deleteWithConfirmation } from "../lib/lifecycle.js";
import { keysPanel } from "../lib/keys.js";
import { consumePanel } from "../lib/consume.js";
import { operationURL } from "../lib/snippets.js";
import { navigate } from "../lib/router.js";

/** How a deployment is called: the Azure OpenAI route for OpenAI-format models, else model inference. */
export function callOf(account, deployment, model) {
  const openAIStyle = deployment.properties.model.format === "OpenAI";
  const endpoints = account.properties.endpoints ?? {};
  const endpoint = openAIStyle
    ? (account.kind === "OpenAI" ? account.properties.endpoint : endpoints["OpenAI Language Model Instance API"] ?? account.properties.endpoint)
    : endpoints["Azure AI Model Inference API"] ?? account.properties.endpoint;
  return {
    style: openAIStyle ? "openai" : "models", endpoint, name: deployment.name, task: model?.task ?? "chat-completion",
    accountName: account.name, group: account.id.split("/")[4],
  };
}

const operationOf = (task) => ({ embeddings: "embeddings", completion: "completions" })[task] ?? "chat/completions";

export async function render(main, { group, account: accountName, name }, ctx) {
  const accountPath = ids.account(group, accountName);
  const path = `${accountPath}/deployments/${encodeURIComponent(name)}`;
  main.append(h("p", { class: "crumbs" }, h("a", { href: "#/endpoints?tab=accounts" }, "Endpoints"), " / Azure OpenAI and AI Services / ", `${accountName} / ${name}`));
  const [account, first] = await Promise.all([armGetOrNull(accountPath), armGetOrNull(path)]);
  if (!account || !first) {
    main.append(h("h1", {}, name), h("p", { class: "error", role: "alert" }, `The deployment '${name}' does not exist in resource '${accountName}'.`));
    return;
  }
  let deployment = first;
  const model = (await catalog()).find((m) => m.name === deployment.properties.model.name && m.accountDeployment?.format === deployment.properties.model.format);
  const call = callOf(account, deployment, model);
  const targetURI = operationURL(call, operationOf(call.task));
  const deleteButton = h("button", { type: "button", class: "danger", id: "delete" }, "Delete");
  main.append(h("div", { class: "title-row" }, h("h1", {}, name), deleteButton));
  const stateArea = h("div", { class: "state-area", "aria-live": "polite" });
  const detailsFacts = h("div", {});
  function draw() {
    const p = deployment.properties;
    replace(stateArea, h("p", { class: "state-line", id: "state" }, statePill(p.provisioningState), " ",
      p.provisioningState === "Succeeded" ? "Ready: call it with the Target URI and a key of the resource." : "Provisioning."));
    const limits = (p.rateLimits ?? []).map((r) => `${r.count.toLocaleString("en-US")} ${r.key === "token" ? "tokens" : "requests"} per ${r.renewalPeriod} s`).join(", ");
    replace(detailsFacts, facts([
      ["Target URI", [h("code", { id: "target-uri" }, targetURI), " ", copyButton(() => targetURI, "Target URI")]],
      ["Model", `${p.model.name} ${p.model.version ?? ""} (${p.model.format})`],
      ["Deployment type", `${deployment.sku?.name} · capacity ${deployment.sku?.capacity}`],
      ["Rate limits", limits || "—"],
      ["Content filter", p.raiPolicyName ?? "Microsoft.DefaultV2"],
      ["Resource", `${account.name} (${account.kind}, ${account.location}, resource group ${group})`],
      ["Endpoint", h("code", {}, call.endpoint)],
    ]));
  }
  draw();
  main.append(stateArea);
  const consume = consumePanel(call, targetURI, () => keys.load(), (k) => k.key1);
  const regenerate = (keyName) => () => arm("POST", `${accountPath}/regenerateKey`, { body: { keyName } });
  const keys = keysPanel([
    { field: "key1", label: "Key 1", regenerate: regenerate("Key1") },
    { field: "key2", label: "Key 2", regenerate: regenerate("Key2") },
  ], () => arm("POST", `${accountPath}/listKeys`), (k) => consume.fill(k.key1));
  main.append(tabs("Deployment", [
    { id: "details", label: "Details", render: (panel) => panel.append(detailsFacts, h("h2", {}, "Keys of the resource"), keys.element,
      h("p", { class: "hint" }, rich("The keys belong to the resource: every deployment in it takes them, in an `api-key` header."))) },
    { id: "consume", label: "Consume", render: (panel) => panel.append(consume.element) },
  ]).element,
  h("p", {}, h("a", { href: `#/playground?endpoint=${encodeURIComponent(`account/${group}/${accountName}/${name}`)}`, class: "button" }, "Open in playground")));

  const following = follow(ctx, 2000, deployment, () => armGetOrNull(path), (fresh) => {
    deployment = fresh;
    draw();
  }, () => replace(stateArea, h("p", { class: "error", role: "alert" }, "This deployment no longer exists.")));
  deleteWithConfirmation(deleteButton, {
    title: `Delete ${name}?`, message: `The deployment ${name} is deleted from ${accountName}; its capacity returns to the quota.`,
    path, stateArea, following, done: () => { toast(`Deployment ${name} deleted.`); navigate("/endpoints?tab=accounts"); },
  });
}
