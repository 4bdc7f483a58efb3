// Cost analysis: month-to-date cost by resource and meter, from Cost Management's query API at
// the subscription or a resource group, as azure-mgmt-costmanagement asks for it.

import { h, replace, field, select, table } from "../lib/dom.js";
import { arm, armList, ids, parseId, apiVersions } from "../lib/api.js";

/** The query: month-to-date actual cost summed, grouped by resource and meter. */
export const costQuery = {
  type: "ActualCost", timeframe: "MonthToDate",
  dataset: { granularity: "None", aggregation: { totalCost: { name: "Cost", function: "Sum" } },
    grouping: [{ type: "Dimension", name: "ResourceId" }, { type: "Dimension", name: "Meter" }] },
};

/** Rows of a query answer as objects keyed by column name. */
export function rowsOf(answer) {
  const columns = answer.properties.columns.map((c) => c.name);
  return answer.properties.rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i]])));
}

export async function render(main, _params, ctx) {
  main.append(h("h1", {}, "Cost analysis"),
    h("p", { class: "lead" }, "Month-to-date cost by resource and meter, as Cost Management reports it. Marketplace models are charged on their SaaS resource, managed compute per instance-hour, Azure OpenAI per token."));
  const groups = await armList(`${ids.subscription()}/resourcegroups`, { apiVersion: apiVersions.resources });
  const scope = select([["", "The whole subscription"], ...groups.map((g) => [g.name, `Resource group ${g.name}`])], { name: "scope" });
  const area = h("div", { class: "live", "aria-live": "polite" });
  main.append(h("div", { class: "toolbar" }, field("Scope", scope)), area);
  let last = "";
  async function refresh() {
    const path = scope.value ? ids.group(scope.value) : ids.subscription();
    try {
      const answer = await arm("POST", `${path}/providers/Microsoft.CostManagement/query`, { apiVersion: apiVersions["Microsoft.CostManagement"], body: costQuery });
      const text = JSON.stringify(answer.properties.rows);
      if (text === last) return;
      last = text;
      const rows = rowsOf(answer).sort((a, b) => b.Cost - a.Cost);
      const currency = rows[0]?.Currency ?? "USD";
      const total = rows.reduce((sum, r) => sum + r.Cost, 0);
      replace(area,
        h("p", { class: "total", id: "cost-total" }, `Total: ${total.toFixed(6)} ${currency}`),
        table("Cost by resource and meter", ["Resource", "Resource group", "Meter", "Cost"], rows.map((r) => {
          const id = parseId(r.ResourceId);
          return [h("span", { title: r.ResourceId }, id.names.at(-1) ?? r.ResourceId), id.group ?? "", r.Meter, `${r.Cost.toFixed(6)} ${r.Currency}`];
        }), { empty: "No charges yet this month.", rowProps: (i) => ({ dataset: { meter: rows[i].Meter } }) }));
    } catch (error) {
      last = "";
      replace(area, h("p", { class: "error", role: "alert" }, error.text ?? error.message));
    }
  }
  scope.addEventListener("change", () => { last = ""; refresh(); });
  await refresh();
  ctx.every(5000, refresh);
}
