// The serverless API wizard, as the seeds' Studio tab walks it: the Azure Marketplace terms and
// their acknowledgement for non-Microsoft models (or the note that the project already has a
// subscription), a deployment name checked as you type, the content filter on by default,
// "Subscribe and Deploy" or "Deploy", then a progress view until the endpoint is ready.

import { h, field, checkbox, replace } from "../lib/dom.js";
import { arm, armList, catalog, ids, waitUntil, apiVersions } from "../lib/api.js";
import { needsMarketplace, suggestedName, endpointNameRule, endpointNameRuleText } from "../lib/models.js";
import { showMarketplaceTerms, pricingAndTerms } from "../lib/terms.js";
import { navigate } from "../lib/router.js";
import { session } from "../lib/session.js";

const ENDPOINT_TYPE = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints";

/** Serverless endpoint names in use, by region (names are unique per region). */
async function namesInUse() {
  const items = await armList(`${ids.subscription()}/resources`, {
    apiVersion: apiVersions.resources, query: { $filter: `resourceType eq '${ENDPOINT_TYPE}'` },
  });
  return items.map((r) => ({ name: r.name.split("/").pop().toLowerCase(), location: r.location }));
}

/** The project's marketplace subscription for the model, if it has one that is usable. */
async function existingSubscription(workspace, model) {
  const subscriptions = await armList(`${workspace}/marketplaceSubscriptions`);
  return subscriptions.find((s) => s.properties?.modelId?.toLowerCase() === model.id.toLowerCase()
    && !["Failed", "Deleting", "Canceled"].includes(s.properties?.provisioningState)) ?? null;
}

/** A subscription name from the model's name (letters, digits, '_' and '-'). */
const subscriptionName = (model) => model.name.replace(/[^A-Za-z0-9_-]/g, "-").replace(/^[^A-Za-z0-9]+/, "");

/** One line of the progress view. */
function step(label) {
  const state = h("span", { class: "step-state" }, "Waiting");
  const item = h("li", { class: "step" }, h("span", { class: "step-label" }, label), state);
  return {
    item,
    set(text, kind = "busy") {
      state.textContent = text;
      item.className = `step ${kind}`;
    },
  };
}

export async function render(main, { id }) {
  const model = (await catalog()).find((m) => m.id.toLowerCase() === id.toLowerCase());
  const project = session.project();
  main.append(h("p", { class: "crumbs" }, h("a", { href: "#/catalog" }, "Model catalog"), " / ",
    model ? h("a", { href: `#/models/${encodeURIComponent(model.id)}` }, model.name) : id, " / Serverless API"));
  if (!model) {
    main.append(h("h1", {}, "Model not found"));
    return;
  }
  main.append(h("h1", {}, `Deploy ${model.name} as a serverless API`));
  if (!project) {
    main.append(h("p", { class: "warning" }, "Serverless endpoints are created in a project. ", h("a", { href: "#/projects" }, "Open a project"), " first."));
    return;
  }
  const workspace = ids.workspace(project.group, project.name);
  main.append(h("p", { class: "muted" }, `Project ${project.name} · resource group ${project.group} · region ${project.location}`));
  if (!model.regions.includes(project.location)) {
    main.append(h("p", { class: "error", role: "alert" },
      `The model '${model.id}' cannot be deployed as a serverless API in region '${project.location}'. Supported regions: ${model.regions.join(", ")}.`));
    return;
  }

  const marketplace = needsMarketplace(model);
  const subscription = marketplace ? await existingSubscription(workspace, model) : null;
  const form = h("form", { class: "card wizard", novalidate: true });
  const deployButton = h("button", { type: "submit", class: "primary", id: "deploy" }, marketplace && !subscription ? "Subscribe and Deploy" : "Deploy");

  // Azure Marketplace: the note, or the terms and their acknowledgement.
  let acknowledged = () => true;
  if (marketplace && subscription) {
    form.append(h("p", { class: "notice", id: "already-subscribed" },
      "You already have an Azure Marketplace subscription for this workspace", ` (${subscription.name}). Continue to deploy.`));
  } else if (marketplace) {
    const ack = checkbox("I have read the Azure Marketplace Terms and the pricing of this offer, and subscribe this project to it.", { name: "acknowledge", onchange: refreshButton });
    acknowledged = () => ack.input.checked;
    form.append(h("section", { class: "marketplace" },
      h("h2", {}, "Azure Marketplace offer"),
      h("p", {}, `${model.name} is offered by ${model.publisher} through Azure Marketplace. This project subscribes to the offer once; later deployments of the model in the project reuse the subscription.`),
      h("p", {}, h("button", { type: "button", class: "link", id: "marketplace-terms", onclick: () => showMarketplaceTerms(model) }, "Azure Marketplace Terms")),
      ack.element));
  } else {
    form.append(h("p", { class: "notice" }, `${model.name} is offered by Microsoft: no Azure Marketplace subscription is needed.`));
  }
  form.append(h("details", { class: "pricing" }, h("summary", {}, "Pricing and terms"), ...pricingAndTerms(model)));

  // The deployment name, checked as it is typed.
  const name = h("input", { type: "text", name: "deployment-name", value: suggestedName(model.name), autocomplete: "off", spellcheck: "false", required: true });
  const nameMessage = h("p", { class: "field-message", "aria-live": "polite" });
  let nameOK = false;
  let checkNumber = 0;
  let inUse = null;
  async function checkName() {
    const mine = ++checkNumber;
    const text = name.value.trim();
    nameOK = false;
    refreshButton();
    if (!endpointNameRule.test(text)) {
      setNameMessage(text ? endpointNameRuleText : "Give the deployment a name.", false);
      return;
    }
    setNameMessage("Checking the name…", null);
    try {
      inUse ??= await namesInUse();
    } catch (error) {
      setNameMessage(error.text ?? error.message, false);
      return;
    }
    if (mine !== checkNumber) return;
    if (inUse.some((e) => e.name === text.toLowerCase() && e.location === project.location)) {
      setNameMessage(`Serverless endpoint name '${text}' is not available in region '${project.location}'. Please select a different name.`, false);
      return;
    }
    nameOK = true;
    setNameMessage(`${text} is available in ${project.location}. It becomes part of the endpoint's URL.`, true);
    refreshButton();
  }
  function setNameMessage(text, ok) {
    nameMessage.textContent = text;
    nameMessage.className = `field-message ${ok === true ? "good" : ok === false ? "bad" : ""}`;
    name.setAttribute("aria-invalid", String(ok === false));
  }
  let timer = null;
  name.addEventListener("input", () => {
    clearTimeout(timer);
    nameOK = false;
    refreshButton();
    timer = setTimeout(checkName, 250);
  });
  const safety = checkbox("Content filter (preview)", { name: "content-filter", checked: true, role: "switch" });
  form.append(
    field("Deployment name", name, { hint: "Unique in the region: it becomes part of the endpoint's URL.", message: nameMessage }),
    safety.element,
    h("p", { class: "hint" }, "The content filter detects harmful content such as hate, self-harm, sexual and violent content. Leave it on as the seeds advise."),
    h("div", { class: "buttons" }, deployButton,
      h("button", { type: "button", onclick: () => navigate(`/models/${encodeURIComponent(model.id)}`) }, "Cancel")));

  function refreshButton() {
    deployButton.disabled = !(nameOK && acknowledged());
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (deployButton.disabled) return;
    await deploy(main, { model, project, workspace, name: name.value.trim(), subscribe: marketplace && !subscription, contentSafety: safety.input.checked, form });
  });
  main.append(form);
  await checkName();
}

/** Subscribes (when needed), creates the endpoint, and follows it until it is ready. */
async function deploy(main, { model, project, workspace, name, subscribe, contentSafety, form }) {
  const steps = [];
  const subscribeStep = subscribe ? step("Subscribe the project to the Azure Marketplace offer") : null;
  if (subscribeStep) steps.push(subscribeStep);
  const createStep = step(`Create the serverless endpoint ${name}`);
  const readyStep = step("Wait until it is ready");
  steps.push(createStep, readyStep);
  const failure = h("div", { role: "alert" });
  const progress = h("section", { class: "card progress", "aria-labelledby": "progress-title" },
    h("h2", { id: "progress-title" }, "Deploying"), h("ol", { class: "steps", "aria-live": "polite" }, steps.map((s) => s.item)), failure);
  form.replaceWith(progress);
  const endpointPath = `${workspace}/serverlessEndpoints/${encodeURIComponent(name)}`;
  let current = subscribeStep ?? createStep;
  try {
    if (subscribeStep) {
      const path = `${workspace}/marketplaceSubscriptions/${encodeURIComponent(subscriptionName(model))}`;
      const created = await arm("PUT", path, { body: { properties: { modelId: model.id } } });
      subscribeStep.set(created.properties?.provisioningState ?? "Creating");
      await waitUntil(() => arm("GET", path), (s) => s.properties?.provisioningState === "Succeeded",
        { onValue: (s) => { subscribeStep.set(s.properties?.provisioningState ?? "Creating"); if (s.properties?.provisioningState === "Failed") throw new Error("The marketplace subscription failed."); } });
      subscribeStep.set("Subscribed", "good");
    }
    current = createStep;
    const body = {
      location: project.location, sku: { name: "Consumption" },
      properties: { modelSettings: { modelId: model.id }, authMode: "Key", contentSafety: { contentSafetyStatus: contentSafety ? "Enabled" : "Disabled" } },
    };
    const endpoint = await arm("PUT", endpointPath, { body });
    createStep.set(`Accepted (${endpoint.properties?.provisioningState ?? "Creating"})`, "good");
    current = readyStep;
    const done = await waitUntil(() => arm("GET", endpointPath),
      (e) => ["Online", "CreationFailed", "Suspended"].includes(e.properties?.endpointState) || e.properties?.provisioningState === "Failed",
      { onValue: (e) => readyStep.set(`${e.properties?.endpointState} (provisioning ${e.properties?.provisioningState})`) });
    if (done.properties?.endpointState !== "Online") throw new Error(`The endpoint ended ${done.properties?.endpointState}.`);
    readyStep.set("Online", "good");
    navigate(`/endpoints/serverless/${encodeURIComponent(project.group)}/${encodeURIComponent(project.name)}/${encodeURIComponent(name)}`);
  } catch (error) {
    current.set("Failed", "bad");
    replace(failure, h("p", { class: "error" }, error.text ?? error.message),
      h("div", { class: "buttons" }, h("button", { type: "button", onclick: () => navigate(location.hash.slice(1)) }, "Back to the wizard")));
    failure.querySelector("button").focus();
  }
}
