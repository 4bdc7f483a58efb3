// Deploy a model to an Azure OpenAI or Azure AI Services resource (Microsoft.CognitiveServices):
// pick or create the resource, then the deployment: name, version, deployment type and
// tokens-per-minute capacity against the subscription's quota left, content filter on.

import { h, field, select, checkbox, replace, uid } from "../lib/dom.js";
import { arm, armList, catalog, ids, parseId, waitUntil } from "../lib/api.js";
import { navigate } from "../lib/router.js";
import { session } from "../lib/session.js";

const CS = "Microsoft.CognitiveServices";
const kindLabels = { OpenAI: "Azure OpenAI", AIServices: "Azure AI Services" };
const skuLabels = { GlobalStandard: "Global Standard", Standard: "Standard", DataZoneStandard: "Data Zone Standard", ProvisionedManaged: "Provisioned Managed" };
const deploymentNameRule = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$/;

/** A subdomain from a name: lower-case letters, digits and '-'. */
const subdomainOf = (name) => name.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 64);

export async function render(main, { id }, { query }) {
  const model = (await catalog()).find((m) => m.id.toLowerCase() === id.toLowerCase());
  main.append(h("p", { class: "crumbs" }, h("a", { href: "#/catalog" }, "Model catalog"), " / ",
    model ? h("a", { href: `#/models/${encodeURIComponent(model.id)}` }, model.name) : id, " / Deploy"));
  if (!model?.accountDeployment) {
    main.append(h("h1", {}, "This model has no Azure OpenAI or AI Services deployment"));
    return;
  }
  const offer = model.accountDeployment;
  const wantedKind = offer.accountKinds.includes(query.get("kind")) ? query.get("kind") : offer.accountKinds[0];
  main.append(h("h1", {}, `Deploy ${model.name} to ${kindLabels[wantedKind]}`));
  const area = h("div", {});
  main.append(area);
  await chooseResource(area, model, offer, wantedKind);
}

/** Step 1: an existing resource of a kind that may deploy the model, or a new one. */
async function chooseResource(area, model, offer, wantedKind) {
  const accounts = (await armList(`${ids.subscription()}/providers/${CS}/accounts`))
    .filter((a) => offer.accountKinds.includes(a.kind));
  const offeredRegions = [...new Set(offer.skus.flatMap((s) => s.regions))].sort();
  const group = uid("resource");
  const form = h("form", { class: "card wizard", novalidate: true }, h("h2", {}, "1. Resource"));
  const choices = accounts.map((account) => {
    const radioId = uid("acct");
    return h("div", { class: "choice" },
      h("input", { type: "radio", name: group, id: radioId, value: account.id, checked: account.kind === wantedKind && accounts.find((a) => a.kind === wantedKind) === account }),
      h("label", { for: radioId }, h("strong", {}, account.name), ` ${kindLabels[account.kind] ?? account.kind} · ${account.location} · ${parseId(account.id).group}`,
        offeredRegions.includes(account.location) ? null : h("span", { class: "warning block" }, `${model.name} is not offered in ${account.location}.`)));
  });
  const newId = uid("acct");
  choices.push(h("div", { class: "choice" },
    h("input", { type: "radio", name: group, id: newId, value: "", checked: !accounts.some((a) => a.kind === wantedKind) }),
    h("label", { for: newId }, h("strong", {}, "Create a new resource"))));
  const project = session.project();
  const name = h("input", { type: "text", name: "account-name", autocomplete: "off", spellcheck: "false",
    value: subdomainOf(`${project?.name ?? "ai"}-${wantedKind === "OpenAI" ? "aoai" : "aiservices"}`) });
  const nameMessage = h("p", { class: "field-message", "aria-live": "polite" });
  const kind = select(offer.accountKinds.map((k) => [k, kindLabels[k] ?? k]), { name: "account-kind" });
  kind.value = wantedKind;
  const region = select(offeredRegions.map((r) => [r, r]), { name: "account-region" });
  region.value = offeredRegions.includes(project?.location) ? project.location : offeredRegions.includes("eastus") ? "eastus" : offeredRegions[0];
  const groupInput = h("input", { type: "text", name: "account-group", autocomplete: "off", value: project?.group ?? "rg-ai" });
  const newFields = h("fieldset", { class: "nested" }, h("legend", {}, "New resource"),
    field("Resource name (also its custom subdomain)", name, { message: nameMessage }),
    field("Kind", kind), field("Region", region, { hint: `Regions where ${model.name} is offered.` }),
    field("Resource group", groupInput, { hint: "It must exist: create it with a hub, or use your project's." }));
  const status = h("p", { class: "status", role: "status" });
  const next = h("button", { type: "submit", class: "primary" }, "Next");
  form.append(h("fieldset", {}, h("legend", {}, "Deploy into"), choices), newFields,
    h("div", { class: "buttons" }, next), status);
  const chosen = () => form.querySelector(`input[name="${group}"]:checked`)?.value ?? "";
  const showNew = () => { newFields.hidden = chosen() !== ""; };
  form.addEventListener("change", showNew);
  showNew();

  let checkNumber = 0;
  async function checkSubdomain() {
    const mine = ++checkNumber;
    const text = name.value.trim();
    if (!text) {
      nameMessage.textContent = "Give the resource a name.";
      return;
    }
    try {
      const answer = await arm("POST", `${ids.subscription()}/providers/${CS}/checkDomainAvailability`,
        { body: { subdomainName: subdomainOf(text), type: `${CS}/accounts` } });
      if (mine !== checkNumber) return;
      nameMessage.textContent = answer.isSubdomainAvailable ? `${subdomainOf(text)} is available.` : answer.reason;
      nameMessage.className = `field-message ${answer.isSubdomainAvailable ? "good" : "bad"}`;
    } catch (error) {
      nameMessage.textContent = error.text ?? error.message;
    }
  }
  name.addEventListener("input", checkSubdomain);
  checkSubdomain();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    next.disabled = true;
    status.className = "status";
    try {
      let accountId = chosen();
      if (!accountId) {
        const path = ids.account(groupInput.value.trim(), name.value.trim());
        status.textContent = "Creating the resource…";
        await arm("PUT", path, { body: {
          kind: kind.value, sku: { name: "S0" }, location: region.value,
          properties: { customSubDomainName: subdomainOf(name.value.trim()), publicNetworkAccess: "Enabled", ...(kind.value === "AIServices" ? { allowProjectManagement: true } : {}) },
        } });
        await waitUntil(() => arm("GET", path), (a) => ["Succeeded", "Failed"].includes(a.properties?.provisioningState),
          { onValue: (a) => { status.textContent = `Resource ${a.name}: ${a.properties?.provisioningState}`; } });
        accountId = path;
      }
      const account = await arm("GET", accountId);
      await chooseDeployment(area, model, offer, account);
    } catch (error) {
      status.textContent = error.text ?? error.message;
      status.className = "status error";
      next.disabled = false;
    }
  });
  replace(area, form);
}

/** Step 2: the deployment, from what the account can deploy (`accounts/{a}/models`) and the quota left. */
async function chooseDeployment(area, model, offer, account) {
  const accountPath = account.id;
  const entries = (await armList(`${accountPath}/models`))
    .filter((m) => m.name === model.name && m.format === offer.format);
  const form = h("form", { class: "card wizard", novalidate: true },
    h("h2", {}, "2. Deployment"),
    h("p", { class: "muted" }, `Resource ${account.name} (${kindLabels[account.kind] ?? account.kind}, ${account.location})`));
  if (!entries.length) {
    replace(area, form, h("p", { class: "error", role: "alert" }, `${account.name} cannot deploy ${model.name} in ${account.location}.`));
    return;
  }
  const usages = await armList(`${ids.subscription()}/providers/${CS}/locations/${encodeURIComponent(account.location)}/usages`);
  const name = h("input", { type: "text", name: "deployment-name", value: model.name, autocomplete: "off", spellcheck: "false" });
  const nameMessage = h("p", { class: "field-message", "aria-live": "polite" });
  const version = select(entries.map((e) => [e.version, e.version + (e.isDefaultVersion ? " (default)" : "")]), { name: "model-version" });
  version.value = (entries.find((e) => e.isDefaultVersion) ?? entries[0]).version;
  const sku = h("select", { name: "deployment-type" });
  const capacity = h("input", { type: "number", name: "capacity", inputmode: "numeric" });
  const quota = h("p", { class: "field-message", "aria-live": "polite", id: "quota" });
  const safety = checkbox("Content filter (Microsoft.DefaultV2)", { name: "content-filter", checked: true, role: "switch" });
  const deployButton = h("button", { type: "submit", class: "primary", id: "deploy" }, "Deploy");
  const status = h("div", { role: "status" });

  const entry = () => entries.find((e) => e.version === version.value);
  const skuInfo = () => entry()?.skus.find((s) => s.name === sku.value);
  function fillSkus() {
    const keep = sku.value;
    replace(sku, entry().skus.map((s) => h("option", { value: s.name }, skuLabels[s.name] ?? s.name)));
    if (entry().skus.some((s) => s.name === keep)) sku.value = keep;
    fillCapacity();
  }
  function fillCapacity() {
    const info = skuInfo();
    capacity.min = info.capacity.minimum;
    capacity.max = info.capacity.maximum;
    capacity.step = info.capacity.step;
    capacity.value = info.capacity.default;
    showQuota();
  }
  function showQuota() {
    const info = skuInfo();
    const usage = usages.find((u) => u.name?.value === info.usageName);
    const wanted = Number(capacity.value);
    const tokensPerUnit = info.rateLimits?.find((r) => r.key === "token")?.count ?? 1000;
    if (!usage) {
      quota.textContent = `${(wanted * tokensPerUnit).toLocaleString("en-US")} tokens per minute.`;
      return;
    }
    const left = usage.limit - usage.currentValue;
    quota.textContent = `${(wanted * tokensPerUnit).toLocaleString("en-US")} tokens per minute. Quota for ${info.usageName} in ${account.location}: ${usage.currentValue} of ${usage.limit} units used, ${left} left.`;
    quota.className = `field-message ${wanted > left ? "bad" : "good"}`;
    if (wanted > left) quota.textContent += ` This deployment asks for ${wanted}: not enough quota.`;
  }
  version.addEventListener("change", fillSkus);
  sku.addEventListener("change", fillCapacity);
  capacity.addEventListener("input", showQuota);

  let checkNumber = 0;
  async function checkName() {
    const mine = ++checkNumber;
    const text = name.value.trim();
    if (!deploymentNameRule.test(text)) {
      nameMessage.textContent = "Deployment names start with a letter or digit, then 1 to 63 letters, digits, '_', '.' or '-'.";
      nameMessage.className = "field-message bad";
      deployButton.disabled = true;
      return;
    }
    let taken = false;
    try {
      taken = Boolean(await arm("GET", `${accountPath}/deployments/${encodeURIComponent(text)}`));
    } catch (error) {
      if (error.status !== 404) throw error;
    }
    if (mine !== checkNumber) return;
    nameMessage.textContent = taken ? `${account.name} already has a deployment named ${text}.` : `${text} is free in ${account.name}.`;
    nameMessage.className = `field-message ${taken ? "bad" : "good"}`;
    deployButton.disabled = taken;
  }
  name.addEventListener("input", checkName);

  form.append(
    field("Deployment name", name, { message: nameMessage }),
    field("Model version", version),
    field("Deployment type", sku),
    field("Tokens per minute rate limit (thousands)", capacity, { hint: "Capacity units: each gives the deployment a thousand tokens and a few requests a minute.", message: quota }),
    safety.element,
    h("div", { class: "buttons" }, deployButton, h("button", { type: "button", onclick: () => navigate(`/models/${encodeURIComponent(model.id)}`) }, "Cancel")),
    status);
  fillSkus();
  await checkName();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    deployButton.disabled = true;
    const path = `${accountPath}/deployments/${encodeURIComponent(name.value.trim())}`;
    replace(status, h("p", { class: "status" }, "Creating the deployment…"));
    try {
      await arm("PUT", path, { body: {
        sku: { name: sku.value, capacity: Number(capacity.value) },
        properties: { model: { format: offer.format, name: model.name, version: version.value },
          raiPolicyName: safety.input.checked ? "Microsoft.DefaultV2" : "Microsoft.Nil", versionUpgradeOption: "OnceNewDefaultVersionAvailable" },
      } });
      const done = await waitUntil(() => arm("GET", path), (d) => ["Succeeded", "Failed"].includes(d.properties?.provisioningState),
        { onValue: (d) => replace(status, h("p", { class: "status" }, `Deployment ${d.name}: ${d.properties?.provisioningState}`)) });
      if (done.properties.provisioningState !== "Succeeded") throw new Error(`The deployment ended ${done.properties.provisioningState}.`);
      const { group } = parseId(accountPath);
      navigate(`/endpoints/account/${encodeURIComponent(group)}/${encodeURIComponent(account.name)}/${encodeURIComponent(done.name)}`);
    } catch (error) {
      replace(status, h("p", { class: "error", role: "alert" }, error.text ?? error.message));
      deployButton.disabled = false;
    }
  });
  replace(area, form);
  name.focus();
}
