// Access control (IAM), like the Azure portal's blade: the role assignments at a scope (the
// subscription, a resource group or a resource), those inherited from above marked so; add one
// (a principal from Microsoft Graph, a role from the scope's role definitions) and remove one.
// All through Microsoft.Authorization and Graph with the signed-in principal's tokens.

import { h, replace, field, select, table, confirm, toast } from "../lib/dom.js";
import { arm, armList, ids, apiVersions, graph, graphList, parseId } from "../lib/api.js";

const AUTH = "providers/Microsoft.Authorization";
const version = { apiVersion: apiVersions["Microsoft.Authorization"] };

/** The last segment of an id, lower-cased: how role definitions are matched to assignments. */
const guidOf = (id) => String(id ?? "").split("/").pop().toLowerCase();

/** Where an assignment's scope sits against the one shown: "This resource" or where it comes from. */
export function scopeLabel(assignmentScope, shownScope) {
  if (assignmentScope.toLowerCase() === shownScope.toLowerCase()) return "This resource";
  if (assignmentScope === "/") return "Inherited (root)";
  const id = parseId(assignmentScope);
  if (!id.group) return "Inherited (subscription)";
  if (!id.namespace) return `Inherited (resource group ${id.group})`;
  return `Inherited (${id.names.at(-1)})`;
}

/** A Graph object's name and kind for the tables and pickers. */
function describe(object) {
  const type = (object["@odata.type"] ?? "").replace("#microsoft.graph.", "");
  const kind = type === "user" || object.userPrincipalName ? "User" : "ServicePrincipal";
  const sign = object.userPrincipalName ?? object.appId ?? object.id;
  return { id: object.id, kind, name: object.displayName || sign, sign };
}

/** The principals Graph lists (service principals, then users), for the picker. */
async function directory() {
  const [sps, users] = await Promise.all([
    graphList("/v1.0/servicePrincipals").catch(() => []),
    graphList("/v1.0/users").catch(() => []),
  ]);
  return [...sps, ...users].map(describe).sort((a, b) => a.name.localeCompare(b.name));
}

/** Graph's names for the principals of some assignments (`directoryObjects/getByIds`, as az asks). */
async function namesOf(principalIds) {
  const unique = [...new Set(principalIds)];
  if (!unique.length) return new Map();
  try {
    const answer = await graph("POST", "/v1.0/directoryObjects/getByIds", { ids: unique, types: ["user", "servicePrincipal", "group"] });
    return new Map((answer?.value ?? []).map((o) => [o.id.toLowerCase(), describe(o)]));
  } catch {
    return new Map();
  }
}

export async function render(main, _params, ctx) {
  main.append(h("h1", {}, "Access control (IAM)"),
    h("p", { class: "lead" }, "Role assignments at a scope and the ones it inherits. With --auth strict these decide what each principal may do; lenient mode lets every token act as Owner."));
  const groups = await armList(`${ids.subscription()}/resourcegroups`, { apiVersion: apiVersions.resources });
  const scopeSelect = select([["", "The whole subscription"], ...groups.map((g) => [g.name, `Resource group ${g.name}`])], { name: "scope" });
  const resourceSelect = select([["", "The whole resource group"]], { name: "resource", disabled: true });
  const principalSelect = h("select", { name: "principal", required: true });
  const roleSelect = h("select", { name: "role", required: true });
  const addButton = h("button", { type: "submit", class: "primary", id: "add-assignment" }, "Add role assignment");
  const addMessage = h("p", { class: "error", role: "alert", hidden: true });
  const area = h("div", { class: "live", "aria-live": "polite" });
  const addForm = h("form", {
    class: "card", "aria-labelledby": "add-title",
    onsubmit: async (event) => {
      event.preventDefault();
      await add();
    },
  }, h("h2", { id: "add-title" }, "Add role assignment"),
  h("div", { class: "toolbar" }, field("Role", roleSelect), field("Member", principalSelect, { hint: "Service principals and users from Microsoft Graph." })),
  addMessage, h("div", { class: "buttons" }, addButton));
  main.append(h("div", { class: "toolbar" }, field("Scope", scopeSelect), field("Resource", resourceSelect)),
    h("h2", {}, "Role assignments"), area, addForm);

  let roles = new Map();
  let last = "";

  /** The ARM id of the scope chosen. */
  function scope() {
    if (resourceSelect.value) return resourceSelect.value;
    return scopeSelect.value ? ids.group(scopeSelect.value) : ids.subscription();
  }

  async function fillResources() {
    replace(resourceSelect, h("option", { value: "" }, "The whole resource group"));
    resourceSelect.disabled = !scopeSelect.value;
    if (!scopeSelect.value) return;
    try {
      const resources = await armList(`${ids.group(scopeSelect.value)}/resources`, { apiVersion: apiVersions.resources });
      for (const r of resources) resourceSelect.append(h("option", { value: r.id }, `${r.name} (${r.type})`));
    } catch (error) {
      toast(error.text ?? error.message, "error");
    }
  }

  async function fillRoles() {
    const keep = roleSelect.value;
    const definitions = await armList(`${scope()}/${AUTH}/roleDefinitions`, version);
    roles = new Map(definitions.map((d) => [guidOf(d.id), d]));
    const sorted = [...definitions].sort((a, b) => a.properties.roleName.localeCompare(b.properties.roleName));
    replace(roleSelect, h("option", { value: "" }, "Choose a role"),
      sorted.map((d) => h("option", { value: d.id, title: d.properties.description ?? "" },
        d.properties.type === "CustomRole" ? `${d.properties.roleName} (custom)` : d.properties.roleName)));
    if (sorted.some((d) => d.id === keep)) roleSelect.value = keep;
  }

  async function fillPrincipals() {
    const keep = principalSelect.value;
    const found = await directory();
    replace(principalSelect, h("option", { value: "" }, "Choose a member"),
      found.map((p) => h("option", { value: p.id, dataset: { kind: p.kind, sign: p.sign } },
        `${p.name} (${p.kind === "User" ? "user" : "service principal"}, ${p.sign})`)));
    if (found.some((p) => p.id === keep)) principalSelect.value = keep;
  }

  async function refresh() {
    const shown = scope();
    try {
      const assignments = await armList(`${shown}/${AUTH}/roleAssignments`, { ...version, query: { $filter: "atScope()" } });
      const names = await namesOf(assignments.map((a) => a.properties.principalId));
      const text = JSON.stringify([shown, assignments, [...names]]);
      if (text === last) return;
      last = text;
      const rows = assignments.map((a) => {
        const who = names.get(a.properties.principalId.toLowerCase());
        const role = roles.get(guidOf(a.properties.roleDefinitionId));
        return { a, who, role: role?.properties.roleName ?? guidOf(a.properties.roleDefinitionId), direct: a.properties.scope.toLowerCase() === shown.toLowerCase() };
      }).sort((x, y) => Number(y.direct) - Number(x.direct) || x.role.localeCompare(y.role));
      replace(area, table(`Role assignments at ${shown}`, ["Member", "Type", "Role", "Scope", ""], rows.map(({ a, who, role, direct }) => [
        who ? [h("strong", {}, who.name), h("span", { class: "hint block" }, who.sign)] : h("code", {}, a.properties.principalId),
        a.properties.principalType ?? who?.kind ?? "",
        role,
        h("span", { title: a.properties.scope }, scopeLabel(a.properties.scope, shown)),
        direct ? h("button", { type: "button", class: "small danger", "aria-label": `Remove ${role} for ${who?.name ?? a.properties.principalId}`,
          onclick: () => remove(a, role, who) }, "Remove") : "",
      ]), { empty: "No role assignments at or above this scope.",
        rowProps: (i) => ({ dataset: { assignment: rows[i].a.name, role: rows[i].role, principal: rows[i].who?.sign ?? rows[i].a.properties.principalId, direct: String(rows[i].direct) } }) }));
    } catch (error) {
      last = "";
      replace(area, h("p", { class: "error", role: "alert" }, error.text ?? error.message));
    }
  }

  async function add() {
    addMessage.hidden = true;
    const option = principalSelect.selectedOptions[0];
    if (!roleSelect.value || !principalSelect.value) {
      addMessage.hidden = false;
      addMessage.textContent = "Choose a role and a member.";
      return;
    }
    addButton.disabled = true;
    try {
      const body = { properties: { roleDefinitionId: roleSelect.value, principalId: principalSelect.value, principalType: option.dataset.kind } };
      await arm("PUT", `${scope()}/${AUTH}/roleAssignments/${crypto.randomUUID()}`, { ...version, body });
      toast(`${roleSelect.selectedOptions[0].textContent} assigned to ${option.textContent}.`);
      last = "";
      await refresh();
    } catch (error) {
      addMessage.hidden = false;
      addMessage.textContent = error.text ?? error.message;
    } finally {
      addButton.disabled = false;
    }
  }

  async function remove(assignment, role, who) {
    const name = who?.name ?? assignment.properties.principalId;
    if (!await confirm("Remove role assignment?", `${name} loses ${role} at ${assignment.properties.scope}.`, "Remove")) return;
    try {
      await arm("DELETE", assignment.id, version);
      toast(`Removed ${role} for ${name}.`);
    } catch (error) {
      toast(error.text ?? error.message, "error");
    }
    last = "";
    await refresh();
  }

  async function rescope() {
    last = "";
    addMessage.hidden = true;
    try {
      await fillRoles();
    } catch (error) {
      replace(area, h("p", { class: "error", role: "alert" }, error.text ?? error.message));
      return;
    }
    await refresh();
  }

  scopeSelect.addEventListener("change", async () => { await fillResources(); await rescope(); });
  resourceSelect.addEventListener("change", rescope);
  await Promise.all([fillPrincipals().catch((error) => toast(error.text ?? error.message, "error")), rescope()]);
  ctx.every(5000, refresh);
}
