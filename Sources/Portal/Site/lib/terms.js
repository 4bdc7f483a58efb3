// The "Azure Marketplace Terms" and "Pricing and terms" content, shared by the model page and
// the serverless wizard. Cerulean is offline: the terms are shown in the page, not linked.

import { h, dialog, facts } from "./dom.js";
import { needsMarketplace } from "./models.js";

/** Opens the marketplace terms of a model's offer. */
export function showMarketplaceTerms(model) {
  const plan = model.marketplacePlan;
  return dialog(`Azure Marketplace Terms: ${model.name}`, [
    h("p", {}, `${model.name} is offered by ${model.publisher} through Azure Marketplace. Subscribing a project to the offer accepts the publisher's terms of use and the Azure Marketplace terms, and creates a marketplace subscription resource that tracks what the project's endpoints of this model use.`),
    facts([["Publisher id", plan.publisherId], ["Offer id", plan.offerId], ["Plan id", plan.planId]]),
    h("p", { class: "muted" }, "In Cerulean the offer is emulated: nothing is charged and no terms bind you. The acknowledgement is recorded as the project's marketplace subscription (status Subscribed), which ARM then lists like any resource."),
  ], [{ label: "Close", value: "close", class: "primary" }]);
}

/** The "Pricing and terms" panel of a model. */
export function pricingAndTerms(model) {
  const limits = model.rateLimits ?? { tokensPerMinute: 200000, requestsPerMinute: 1000 };
  const parts = [];
  if (needsMarketplace(model)) {
    parts.push(
      h("p", {}, `${model.name} is billed through Azure Marketplace by ${model.publisher}: each project subscribes to the offer once, then pays per token for its serverless endpoints.`),
      h("p", {}, h("button", { type: "button", class: "link", onclick: () => showMarketplaceTerms(model) }, "Azure Marketplace Terms")));
  } else {
    parts.push(h("p", {}, `${model.name} is offered by ${model.publisher}: it is billed by Microsoft per token and needs no Azure Marketplace subscription.`));
  }
  if (model.regions?.length) {
    parts.push(h("h3", {}, "Serverless API"), facts([
      ["Rate limit per deployment", `${limits.tokensPerMinute.toLocaleString("en-US")} tokens and ${limits.requestsPerMinute.toLocaleString("en-US")} requests per minute`],
      ["Quota", "None from your subscription; one deployment per model per project"],
    ]));
  }
  if (model.accountDeployment) {
    parts.push(h("h3", {}, "Azure OpenAI and AI Services"), facts(model.accountDeployment.skus.map((sku) => [
      sku.name, `${(sku.tokensPerUnit ?? 1000).toLocaleString("en-US")} tokens per minute per capacity unit; up to ${sku.quota.toLocaleString("en-US")} units per subscription and region`,
    ])));
  }
  const prices = model.prices ?? model.pricing;
  if (prices) {
    parts.push(h("h3", {}, "Prices"), facts(Object.entries(prices).map(([meter, value]) => [meter, typeof value === "object" ? JSON.stringify(value) : String(value)])));
  }
  return parts;
}
