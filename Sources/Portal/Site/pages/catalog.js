// The model catalog: search and filters (collection, inference task, deployment option, region),
// model cards that open the model's details.

import { h, replace, checkbox, field, select, uid } from "../lib/dom.js";
import { catalog } from "../lib/api.js";
import { deploymentOptions, modelRegions, optionLabels, taskLabels, needsMarketplace } from "../lib/models.js";

/** A group of checkboxes; `changed()` runs on every click. */
function checkGroup(legend, values, labels, changed) {
  const boxes = values.map((value) => {
    const box = checkbox(labels?.[value] ?? value, { value, onchange: changed });
    box.input.dataset.filter = legend;
    return box;
  });
  return {
    element: h("fieldset", { class: "filter" }, h("legend", {}, legend), boxes.map((b) => b.element)),
    chosen: () => boxes.filter((b) => b.input.checked).map((b) => b.input.value),
  };
}

/** One model card, a link to its details. */
function card(model) {
  return h("li", { class: "model-card", dataset: { model: model.name } },
    h("a", { href: `#/models/${encodeURIComponent(model.id)}` },
      h("h3", {}, model.name),
      h("p", { class: "muted" }, `${model.publisher} · ${taskLabels[model.task] ?? model.task}`),
      model.description ? h("p", { class: "card-text" }, model.description) : null,
      h("p", { class: "badges" },
        deploymentOptions(model).map((o) => h("span", { class: "badge" }, optionLabels[o])),
        needsMarketplace(model) ? h("span", { class: "badge marketplace" }, "Azure Marketplace") : null)));
}

export async function render(main) {
  main.append(h("h1", {}, "Model catalog"),
    h("p", { class: "lead" }, "Find a model, open its card, then select Use this model to deploy it."));
  const models = (await catalog()).slice().sort((a, b) => a.name.localeCompare(b.name));
  const search = h("input", { type: "search", name: "search", autocomplete: "off", placeholder: "Llama, embeddings, Mistral…" });
  const count = h("p", { class: "muted", role: "status", id: uid("count") });
  const results = h("ul", { class: "cards", "aria-describedby": count.id });
  const publishers = [...new Set(models.map((m) => m.publisher))].sort();
  const tasks = [...new Set(models.map((m) => m.task))].sort();
  const options = Object.keys(optionLabels).filter((o) => models.some((m) => deploymentOptions(m).includes(o)));
  const allRegions = [...new Set(models.flatMap(modelRegions))].sort();

  const collections = checkGroup("Collections", publishers, null, update);
  const taskFilter = checkGroup("Inference tasks", tasks, taskLabels, update);
  const optionFilter = checkGroup("Deployment options", options, optionLabels, update);
  const region = select([["", "Any region"], ...allRegions.map((r) => [r, r])], { name: "region", onchange: update });

  function update() {
    const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const wantPublishers = collections.chosen();
    const wantTasks = taskFilter.chosen();
    const wantOptions = optionFilter.chosen();
    const shown = models.filter((m) => {
      const text = `${m.name} ${m.publisher} ${m.description ?? ""} ${m.task} ${m.id}`.toLowerCase();
      return words.every((w) => text.includes(w))
        && (!wantPublishers.length || wantPublishers.includes(m.publisher))
        && (!wantTasks.length || wantTasks.includes(m.task))
        && (!wantOptions.length || wantOptions.some((o) => deploymentOptions(m).includes(o)))
        && (!region.value || modelRegions(m).includes(region.value));
    });
    count.textContent = `${shown.length} of ${models.length} models`;
    replace(results, shown.length ? shown.map(card) : h("li", { class: "muted" }, "No model matches these filters."));
  }
  search.addEventListener("input", update);

  main.append(h("div", { class: "catalog" },
    h("aside", { class: "filters", "aria-label": "Filters" },
      field("Search models", search),
      collections.element, taskFilter.element, optionFilter.element,
      h("fieldset", { class: "filter" }, h("legend", {}, "Region availability"), field("Available in", region))),
    h("section", { class: "results", "aria-label": "Models" }, count, results)));
  update();
}
