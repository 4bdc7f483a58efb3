// A model's details: description, model id, context window, regions, "Pricing and terms", and
// "Use this model", which opens the deployment options (or the only wizard there is).

import { h, tabs, facts, copyButton, dialog, rich } from "../lib/dom.js";
import { catalog } from "../lib/api.js";
import { deploymentOptions, optionLabels, taskLabels } from "../lib/models.js";
import { pricingAndTerms } from "../lib/terms.js";
import { navigate } from "../lib/router.js";
import { session } from "../lib/session.js";

const optionText = {
  serverless: "A pay-per-token API in your project: no quota from your subscription, one deployment per model per project.",
  openai: "A deployment in an Azure OpenAI resource, with tokens-per-minute capacity from your subscription's quota.",
  aiservices: "A deployment in an Azure AI Services resource (the Azure AI model inference service), with capacity from your quota.",
  managed: "Your own virtual machines in the project (a managed online endpoint), with VM quota from your subscription.",
};

const wizardFor = {
  serverless: (model) => `/deploy/serverless/${encodeURIComponent(model.id)}`,
  openai: (model) => `/deploy/account/${encodeURIComponent(model.id)}?kind=OpenAI`,
  aiservices: (model) => `/deploy/account/${encodeURIComponent(model.id)}?kind=AIServices`,
  managed: (model) => `/deploy/managed/${encodeURIComponent(model.id)}`,
};

/** Why an option cannot be used now, or null. */
function blocker(option, model) {
  const project = session.project();
  if (option === "serverless" || option === "managed") {
    if (!project) return "Open a project first (Hubs and projects).";
    if (option === "serverless" && !model.regions.includes(project.location)) {
      return `Not offered in your project's region (${project.location}); offered in ${model.regions.join(", ")}.`;
    }
  }
  return null;
}

/** "Use this model": the deployment options window, or straight to the only wizard. */
export async function useModel(model) {
  const options = deploymentOptions(model);
  if (options.length === 1 && !blocker(options[0], model)) {
    navigate(wizardFor[options[0]](model));
    return;
  }
  const choice = await dialog("Deployment options", [
    h("p", {}, `How do you want to deploy ${model.name}?`),
    h("ul", { class: "options" }, options.map((option) => {
      const reason = blocker(option, model);
      return h("li", {}, h("strong", {}, optionLabels[option]), h("p", { class: "hint" }, optionText[option]),
        reason ? h("p", { class: "warning" }, reason) : null);
    })),
  ], [
    ...options.map((option) => ({ label: optionLabels[option], value: option, class: "primary", disabled: Boolean(blocker(option, model)) })),
    { label: "Cancel", value: null },
  ]);
  if (choice) navigate(wizardFor[choice](model));
}

export async function render(main, { id }) {
  const model = (await catalog()).find((m) => m.id.toLowerCase() === id.toLowerCase());
  if (!model) {
    main.append(h("h1", {}, "Model not found"), h("p", {}, "The catalog has no model ", h("code", {}, id), "."));
    return;
  }
  const options = deploymentOptions(model);
  main.append(
    h("p", { class: "crumbs" }, h("a", { href: "#/catalog" }, "Model catalog"), " / ", model.name),
    h("div", { class: "title-row" },
      h("h1", {}, model.name),
      h("button", { type: "button", class: "primary", id: "use-model", onclick: () => useModel(model) }, "Use this model")),
    h("p", { class: "muted" }, `${model.publisher} · ${taskLabels[model.task] ?? model.task} · ${options.map((o) => optionLabels[o]).join(", ")}`));
  const details = (panel) => panel.append(
    h("p", { class: "description" }, model.description ?? "No description."),
    facts([
      ["Model ID", [h("code", { id: "model-id" }, model.id), " ", copyButton(() => model.id, "Model ID")]],
      ["Publisher", model.publisher],
      ["Inference task", taskLabels[model.task] ?? model.task],
      model.contextWindow ? ["Context window", `${model.contextWindow.toLocaleString("en-US")} tokens`] : null,
      model.embeddingDimensions ? ["Embedding size", `${model.embeddingDimensions} dimensions`] : null,
      model.regions?.length ? ["Serverless API regions", model.regions.join(", ")] : ["Serverless API", "Not offered"],
      model.accountDeployment ? ["Azure OpenAI / AI Services", model.accountDeployment.skus.map((s) => `${s.name}: ${s.regions.join(", ")}`).join("; ")] : null,
      model.accountDeployment ? ["Versions", model.accountDeployment.versions.map((v) => v.version + (v.isDefault ? " (default)" : "") + (v.lifecycleStatus && v.lifecycleStatus !== "GenerallyAvailable" ? ` (${v.lifecycleStatus})` : "")).join(", ")] : null,
    ]),
    h("p", { class: "hint" }, rich("Scripts deploy it with the model ID above, without a version: `azureml://registries/…/models/NAME`.")));
  const pricing = (panel) => panel.append(...pricingAndTerms(model));
  main.append(tabs("Model", [
    { id: "details", label: "Details", render: details },
    { id: "pricing", label: "Pricing and terms", render: pricing },
  ]).element);
}
