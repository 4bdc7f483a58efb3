// The resource group view, like the Azure portal's: the group's resources with a Type filter
// (SaaS among them) and "Show hidden types", and delete from there.

import { h, replace, field, checkbox, table, confirm, toast, statePill, dialog, facts } from "../lib/dom.js";
import { arm, armList, armGetOrNull, ids, apiVersionFor, apiVersions, waitUntil } from "../lib/api.js";

/** The name the Azure portal shows for a type (kind decides for workspaces and accounts). */
export function typeLabel(resource) {
  const type = resource.type.toLowerCase();
  const byKind = {
    "microsoft.machinelearningservices/workspaces": { hub: "Azure AI hub", project: "Azure AI project", default: "Azure Machine Learning workspace" },
    "microsoft.cognitiveservices/accounts": { openai: "Azure OpenAI", aiservices: "Azure AI services" },
  }[type];
  if (byKind) return byKind[(resource.kind ?? "default").toLowerCase()] ?? resource.type;
  return {
    "microsoft.saas/resources": "SaaS",
    "microsoft.machinelearningservices/workspaces/serverlessendpoints": "Serverless endpoint",
    "microsoft.machinelearningservices/workspaces/marketplacesubscriptions": "Marketplace subscription",
    "microsoft.machinelearningservices/workspaces/onlineendpoints": "Online endpoint",
    "microsoft.machinelearningservices/workspaces/onlineendpoints/deployments": "Online deployment",
    "microsoft.cognitiveservices/accounts/deployments": "Model deployment",
    "microsoft.cognitiveservices/accounts/projects": "Foundry project",
  }[type] ?? resource.type;
}

/** The portal hides child resources (`workspaces/serverlessEndpoints`, ...) until asked to show them. */
export const isHiddenType = (type) => type.split("/").length > 2;

/** A property's value as text: strings as they are, anything else as JSON. */
const shown = (value) => (typeof value === "string" ? value : JSON.stringify(value));

/** A resource's details (what `GET {id}` answers), in a dialog. */
async function showDetails(resource) {
  let body;
  try {
    body = await arm("GET", resource.id, { apiVersion: apiVersionFor(resource.type) });
  } catch (error) {
    toast(`${resource.name}: ${error.text ?? error.message}`, "error");
    return;
  }
  await dialog(`${resource.name} (${typeLabel(resource)})`, [facts([
    ["Resource ID", h("code", {}, body.id)],
    ["Type", body.type],
    ["Location", body.location ?? ""],
    body.kind ? ["Kind", body.kind] : null,
    body.sku ? ["SKU", shown(body.sku)] : null,
    ...Object.entries(body.properties ?? {}).map(([name, value]) => [name, shown(value)]),
  ])], [{ label: "Close", value: null, class: "primary" }]);
}

export async function renderList(main, _params, ctx) {
  main.append(h("h1", {}, "Resource groups"));
  const area = h("div", {});
  main.append(area);
  let last = "";
  async function refresh() {
    const groups = await armList(`${ids.subscription()}/resourcegroups`, { apiVersion: apiVersions.resources });
    const text = JSON.stringify(groups);
    if (text === last) return;
    last = text;
    replace(area, table("Resource groups", ["Name", "Region", "State"], groups.map((g) => [
      h("a", { href: `#/groups/${encodeURIComponent(g.name)}` }, g.name), g.location, statePill(g.properties?.provisioningState),
    ]), { empty: "No resource groups yet." }));
  }
  await refresh();
  ctx.every(3000, refresh);
}

export async function render(main, { group }, ctx) {
  main.append(h("p", { class: "crumbs" }, h("a", { href: "#/groups" }, "Resource groups"), " / ", group), h("h1", {}, group),
    h("p", { class: "muted" }, "Resource group"));
  const typeFilter = h("select", { name: "type-filter" });
  const search = h("input", { type: "search", name: "filter", placeholder: "Filter for any field…", autocomplete: "off" });
  const hidden = checkbox("Show hidden types", { name: "show-hidden" });
  const deleteButton = h("button", { type: "button", class: "danger", id: "delete-selected", disabled: true }, "Delete");
  const count = h("p", { class: "muted", role: "status" });
  const area = h("div", { class: "live" });
  main.append(h("div", { class: "toolbar" }, field("Filter", search), field("Type", typeFilter), hidden.element, deleteButton), count, area);

  let resources = [];
  const selected = new Set();
  let last = "";
  function visible() {
    const words = search.value.trim().toLowerCase();
    return resources.filter((r) => (hidden.input.checked || !isHiddenType(r.type))
      && (!typeFilter.value || typeLabel(r) === typeFilter.value)
      && (!words || `${r.name} ${r.type} ${typeLabel(r)} ${r.location}`.toLowerCase().includes(words)));
  }
  function fillTypes() {
    const keep = typeFilter.value;
    const labels = [...new Set(resources.filter((r) => hidden.input.checked || !isHiddenType(r.type)).map(typeLabel))].sort();
    if (keep && !labels.includes(keep)) labels.push(keep);
    replace(typeFilter, h("option", { value: "" }, "All types"), labels.map((l) => h("option", { value: l }, l)));
    typeFilter.value = keep;
  }
  function draw() {
    const shown = visible();
    for (const id of [...selected]) if (!shown.some((r) => r.id === id)) selected.delete(id);
    const hiddenCount = hidden.input.checked ? 0 : resources.filter((r) => isHiddenType(r.type)).length;
    count.textContent = `Showing ${shown.length} of ${resources.length} records.` + (hiddenCount ? ` ${hiddenCount} of hidden types.` : "");
    deleteButton.disabled = selected.size === 0;
    replace(area, table(`Resources in ${group}`, ["", "Name", "Type", "Location"], shown.map((r) => {
      const box = h("input", { type: "checkbox", "aria-label": `Select ${r.name}`, checked: selected.has(r.id),
        onchange: (event) => { if (event.target.checked) selected.add(r.id); else selected.delete(r.id); deleteButton.disabled = selected.size === 0; } });
      const open = h("button", { type: "button", class: "link resource-name", "aria-label": `Details of ${r.name}`, onclick: () => showDetails(r) }, r.name);
      return [box, open, typeLabel(r), r.location ?? ""];
    }), { empty: "No resources match.", rowProps: (i) => ({ dataset: { resource: shown[i].name, type: shown[i].type } }) }));
  }
  async function refresh() {
    try {
      const fresh = await armList(`${ids.group(group)}/resources`, { apiVersion: apiVersions.resources });
      const text = JSON.stringify(fresh);
      if (text === last) return;
      last = text;
      resources = fresh;
      fillTypes();
      draw();
    } catch (error) {
      replace(area, h("p", { class: "error", role: "alert" }, error.text ?? error.message));
    }
  }
  search.addEventListener("input", draw);
  typeFilter.addEventListener("change", draw);
  hidden.input.addEventListener("change", () => { fillTypes(); draw(); });
  deleteButton.addEventListener("click", async () => {
    const doomed = resources.filter((r) => selected.has(r.id));
    const names = doomed.map((r) => `${r.name} (${typeLabel(r)})`).join(", ");
    if (!await confirm(`Delete ${doomed.length} resource${doomed.length === 1 ? "" : "s"}?`, `These are deleted: ${names}. This cannot be undone.`)) return;
    deleteButton.disabled = true;
    for (const r of doomed) {
      try {
        await arm("DELETE", r.id, { apiVersion: apiVersionFor(r.type) });
        await waitUntil(() => armGetOrNull(r.id, { apiVersion: apiVersionFor(r.type) }), (x) => x === null, { timeoutMs: 60000 });
        selected.delete(r.id);
        toast(`Deleted ${r.name}.`);
      } catch (error) {
        toast(`${r.name}: ${error.text ?? error.message}`, "error");
      }
    }
    last = "";
    await refresh();
  });
  await refresh();
  ctx.every(3000, refresh);
}
