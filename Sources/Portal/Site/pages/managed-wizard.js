// The managed compute wizard: a model version, a VM size with the quota its family has left in
// the project's region, an instance count, the endpoint and deployment names; then the endpoint,
// the deployment and 100 % traffic to it, each followed until it is ready.

import { h, field, select, replace } from "../lib/dom.js";
import { arm, armList, catalog, ids, waitUntil } from "../lib/api.js";
import { navigate } from "../lib/router.js";
import { session } from "../lib/session.js";

const ML = "Microsoft.MachineLearningServices";
/** Azure ML's online endpoint name rule, in its words. */
export const onlineNameRule = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;
const onlineNameRuleText = "Endpoint names are 3 to 32 characters: a letter first, then letters, digits or '-', ending with a letter or digit.";

/** Letters and digits only, lower-cased: usages name a family by its display name. */
const squash = (text) => String(text).toLowerCase().replace(/[^a-z0-9]/g, "");

/** The sizes the model may use: its list, or those meeting its minimum. */
function allowedSizes(model, sizes) {
  const managed = model.managedCompute;
  const offered = sizes.filter((s) => (s.supportedComputeTypes ?? []).includes("MIR"));
  if (managed.instanceTypes) return offered.filter((s) => managed.instanceTypes.includes(s.name));
  const min = managed.minimum ?? {};
  return offered.filter((s) => s.vCPUs >= (min.vCPUs ?? 0) && s.memoryGB >= (min.memoryGB ?? 0) && s.gpus >= (min.gpus ?? 0));
}

/** The subscription-wide usage row of a size's family: {currentValue, limit}. */
function familyUsage(size, usages) {
  return usages.find((u) => u.type?.endsWith("/usages") && !u.id.includes("/workspaces/")
    && squash(u.name?.value).startsWith(squash(size.family))) ?? null;
}

/** vCPUs a deployment holds: 20 % more instances are reserved for upgrades, rounded up. */
export const coresNeeded = (size, instances) => Math.ceil(1.2 * instances) * size.vCPUs;

export async function render(main, { id }) {
  const model = (await catalog()).find((m) => m.id.toLowerCase() === id.toLowerCase());
  const project = session.project();
  main.append(h("p", { class: "crumbs" }, h("a", { href: "#/catalog" }, "Model catalog"), " / ",
    model ? h("a", { href: `#/models/${encodeURIComponent(model.id)}` }, model.name) : id, " / Managed compute"));
  if (!model?.managedCompute) {
    main.append(h("h1", {}, "Not offered on managed compute"), h("p", {}, "The catalog offers no managed compute deployment of ", h("code", {}, id), "."));
    return;
  }
  main.append(h("h1", {}, `Deploy ${model.name} to managed compute`));
  if (!project) {
    main.append(h("p", { class: "warning" }, "Online endpoints are created in a project. ", h("a", { href: "#/projects" }, "Open a project"), " first."));
    return;
  }
  const location = `${ids.subscription()}/providers/${ML}/locations/${encodeURIComponent(project.location)}`;
  const [sizes, usages] = await Promise.all([armList(`${location}/vmSizes`), armList(`${location}/usages`)]);
  const allowed = allowedSizes(model, sizes).sort((a, b) => a.vCPUs - b.vCPUs || a.name.localeCompare(b.name));
  main.append(h("p", { class: "muted" }, `Project ${project.name} · resource group ${project.group} · region ${project.location}`));
  if (!allowed.length) {
    main.append(h("p", { class: "error", role: "alert" }, `No VM size for ${model.name} is offered to managed online endpoints in ${project.location}.`));
    return;
  }

  const version = select(model.managedCompute.versions.map((v, i) => [v, i === 0 ? `${v} (latest)` : v]), { name: "model-version" });
  const size = select(allowed.map((s) => {
    const usage = familyUsage(s, usages);
    const left = usage ? usage.limit - usage.currentValue : null;
    return [s.name, `${s.name}: ${s.vCPUs} vCPUs, ${s.memoryGB} GB${s.gpus ? `, ${s.gpus} GPU` : ""}` + (left === null ? "" : ` (${left} of ${usage.limit} vCPUs of quota left)`)];
  }), { name: "vm-size" });
  const count = h("input", { type: "number", name: "instance-count", min: 1, max: 20, value: 1 });
  const quota = h("p", { class: "field-message", id: "quota-left", "aria-live": "polite" });
  const suffix = Math.random().toString(36).slice(2, 7);
  const endpointName = h("input", { type: "text", name: "endpoint-name", value: `${model.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 24).replace(/-$/, "")}-${suffix}`, autocomplete: "off", spellcheck: "false" });
  const deploymentName = h("input", { type: "text", name: "deployment-name", value: "default", autocomplete: "off", spellcheck: "false" });
  const nameMessage = h("p", { class: "field-message", "aria-live": "polite" });
  const deployButton = h("button", { type: "submit", class: "primary", id: "deploy" }, "Deploy");

  function check() {
    const chosen = allowed.find((s) => s.name === size.value);
    const instances = Number(count.value);
    const usage = familyUsage(chosen, usages);
    let ok = Number.isInteger(instances) && instances >= 1;
    if (!ok) {
      quota.textContent = "The instance count is a whole number from 1.";
    } else if (usage) {
      const left = usage.limit - usage.currentValue;
      const needed = coresNeeded(chosen, instances);
      ok = needed <= left;
      quota.textContent = `${instances} × ${chosen.name} holds about ${needed} vCPUs of the family's quota (20 % extra is reserved for upgrades); ${left} of ${usage.limit} are left in ${project.location}.`
        + (ok ? "" : " Request more quota or choose a smaller size.");
    }
    quota.className = `field-message ${ok ? "good" : "bad"}`;
    const nameOK = onlineNameRule.test(endpointName.value.trim());
    nameMessage.textContent = nameOK ? "" : onlineNameRuleText;
    nameMessage.className = `field-message ${nameOK ? "" : "bad"}`;
    endpointName.setAttribute("aria-invalid", String(!nameOK));
    deployButton.disabled = !(ok && nameOK && deploymentName.value.trim());
  }
  for (const control of [size, count, endpointName, deploymentName]) control.addEventListener("input", check);

  const form = h("form", { class: "card wizard", novalidate: true },
    field("Model version", version),
    field("Virtual machine", size, { hint: "Sizes this model can run on that managed online endpoints offer in the region, with your quota." }),
    field("Instance count", count, { message: quota }),
    field("Endpoint name", endpointName, { hint: "Unique in the region: it becomes part of the scoring URL.", message: nameMessage }),
    field("Deployment name", deploymentName),
    h("div", { class: "buttons" }, deployButton, h("button", { type: "button", onclick: () => navigate(`/models/${encodeURIComponent(model.id)}`) }, "Cancel")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (deployButton.disabled) return;
    await deploy(main, form, { model, project, version: version.value, size: size.value, instances: Number(count.value),
      endpoint: endpointName.value.trim(), deployment: deploymentName.value.trim() });
  });
  main.append(form);
  check();
}

async function deploy(main, form, { model, project, version, size, instances, endpoint, deployment }) {
  const status = h("ol", { class: "steps", "aria-live": "polite" });
  const failure = h("div", { role: "alert" });
  form.replaceWith(h("section", { class: "card progress" }, h("h2", {}, "Deploying"), status, failure));
  const line = (text) => { const item = h("li", { class: "step busy" }, text); status.append(item); return item; };
  const endpointPath = `${ids.workspace(project.group, project.name)}/onlineEndpoints/${encodeURIComponent(endpoint)}`;
  const deploymentPath = `${endpointPath}/deployments/${encodeURIComponent(deployment)}`;
  const succeeded = (path, item, label) => waitUntil(() => arm("GET", path), (r) => ["Succeeded", "Failed", "Canceled"].includes(r.properties?.provisioningState),
    { onValue: (r) => { item.textContent = `${label}: ${r.properties?.provisioningState}`; } })
    .then((r) => { if (r.properties.provisioningState !== "Succeeded") throw new Error(`${label} ended ${r.properties.provisioningState}.`); item.className = "step good"; });
  try {
    let item = line(`Endpoint ${endpoint}`);
    await arm("PUT", endpointPath, { body: { location: project.location, properties: { authMode: "Key" } } });
    await succeeded(endpointPath, item, `Endpoint ${endpoint}`);
    item = line(`Deployment ${deployment} (${instances} × ${size})`);
    await arm("PUT", deploymentPath, { body: { location: project.location, sku: { name: "Default", capacity: instances },
      properties: { endpointComputeType: "Managed", instanceType: size, model: `${model.id}/versions/${version}` } } });
    await succeeded(deploymentPath, item, `Deployment ${deployment}`);
    item = line(`Traffic: 100 % to ${deployment}`);
    await arm("PUT", endpointPath, { body: { location: project.location, properties: { authMode: "Key", traffic: { [deployment]: 100 } } } });
    await succeeded(endpointPath, item, "Traffic");
    navigate(`/endpoints/online/${encodeURIComponent(project.group)}/${encodeURIComponent(project.name)}/${encodeURIComponent(endpoint)}`);
  } catch (error) {
    status.lastElementChild?.setAttribute("class", "step bad");
    replace(failure, h("p", { class: "error" }, error.text ?? error.message),
      h("div", { class: "buttons" }, h("button", { type: "button", onclick: () => navigate(location.hash.slice(1)) }, "Back to the wizard")));
    failure.querySelector("button").focus();
  }
}
