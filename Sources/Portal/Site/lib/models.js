// What the portal says about catalog models: deployment options, collections, tasks, regions.

export const optionLabels = {
  serverless: "Serverless API",
  openai: "Azure OpenAI",
  aiservices: "Azure AI model inference",
  managed: "Managed compute",
};

export const taskLabels = {
  "chat-completion": "Chat completion",
  completion: "Text completion",
  embeddings: "Embeddings",
  "text-to-image": "Text to image",
  "question-answering": "Question answering",
};

/** The deployment options a catalog entry has (its sections say so). */
export function deploymentOptions(model) {
  const options = [];
  if (model.regions?.length) options.push("serverless");
  const kinds = model.accountDeployment?.accountKinds ?? [];
  if (kinds.includes("OpenAI")) options.push("openai");
  if (kinds.includes("AIServices")) options.push("aiservices");
  if (model.managedCompute) options.push("managed");
  return options;
}

/** Regions where the model can be deployed one way or another. */
export function modelRegions(model) {
  const all = new Set(model.regions ?? []);
  for (const sku of model.accountDeployment?.skus ?? []) for (const r of sku.regions ?? []) all.add(r);
  for (const r of model.managedCompute?.regions ?? []) all.add(r);
  return [...all].sort();
}

/** The collection (registry) of a model id: azureml://registries/{registry}/models/{name}. */
export function registryOf(model) {
  return /^azureml:\/\/registries\/([^/]+)\//.exec(model.id)?.[1] ?? "";
}

/** Whether the model is offered through Azure Marketplace (and so needs a subscription). */
export const needsMarketplace = (model) => Boolean(model.marketplacePlan);

/** A deployment name from a model name that fits the serverless endpoint rule. */
export function suggestedName(modelName, suffixLength = 5) {
  const base = modelName.replace(/[^A-Za-z0-9-]/g, "-").replace(/^[^A-Za-z]+/, "").slice(0, 52 - suffixLength - 1) || "endpoint";
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let suffix = "";
  const random = new Uint32Array(suffixLength);
  crypto.getRandomValues(random);
  for (const n of random) suffix += letters[n % letters.length];
  return `${base}-${suffix}`;
}

/** The rule Azure gives serverless endpoint names, in its own words. */
export const endpointNameRule = /^[a-zA-Z][a-zA-Z0-9-]{0,51}$/;
export const endpointNameRuleText = "Serverless endpoint names start with a letter, then up to 51 letters, digits or '-'.";
