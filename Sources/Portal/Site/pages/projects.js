// Hubs and projects: the Machine Learning workspaces of the subscription (kinds Hub, Project and
// Default), a hub and then a project to create, and the project to work in.

import { h, field, select, table, statePill, replace, toast } from "../lib/dom.js";
import { arm, armList, ids, parseId, regions, waitUntil, apiVersions } from "../lib/api.js";
import { session } from "../lib/session.js";
import { navigate } from "../lib/router.js";

const ML = "Microsoft.MachineLearningServices";

function workspaces() {
  return armList(`${ids.subscription()}/providers/${ML}/workspaces`);
}

/** Creates a resource group if it is new. */
async function ensureGroup(name, location) {
  const existing = await armList(`${ids.subscription()}/resourcegroups`, { apiVersion: apiVersions.resources });
  if (existing.some((g) => g.name.toLowerCase() === name.toLowerCase())) return;
  await arm("PUT", ids.group(name), { apiVersion: apiVersions.resources, body: { location } });
}

/** PUTs a workspace and waits until its provisioning ends; reports each state. */
async function createWorkspace(group, name, body, report) {
  const path = ids.workspace(group, name);
  const created = await arm("PUT", path, { body });
  report(created.properties?.provisioningState ?? "Creating");
  return waitUntil(() => arm("GET", path), (w) => ["Succeeded", "Failed", "Canceled"].includes(w.properties?.provisioningState),
    { onValue: (w) => report(w.properties?.provisioningState) });
}

export async function render(main, _params, ctx) {
  const chosen = session.project();
  const listArea = h("div", { class: "live", "aria-live": "polite" }, h("p", { class: "muted" }, "Loading workspaces…"));
  main.append(
    h("h1", {}, "Hubs and projects"),
    h("p", { class: "lead" }, "A hub holds shared settings; projects belong to a hub and hold your deployments. Serverless endpoints are created in the project you open here."),
    chosen ? h("p", { class: "notice" }, "You are working in project ", h("strong", {}, chosen.name), ` (resource group ${chosen.group}, ${chosen.location}).`) : null,
    listArea);

  let latest = [];
  async function refresh() {
    try {
      latest = await workspaces();
    } catch (error) {
      replace(listArea, h("p", { class: "error", role: "alert" }, error.text ?? error.message));
      return;
    }
    const hubName = (w) => (w.properties?.hubResourceId ? parseId(w.properties.hubResourceId).names[0] : "");
    const rows = latest.map((w) => {
      const { group } = parseId(w.id);
      const openable = w.kind !== "Hub" && w.properties?.provisioningState === "Succeeded";
      return [
        h("strong", {}, w.name), w.properties?.friendlyName ?? "", w.kind ?? "Default", group, w.location, hubName(w),
        statePill(w.properties?.provisioningState),
        openable ? h("button", {
          type: "button", class: "small", dataset: { open: w.name }, "aria-label": `Open project ${w.name}`,
          onclick: () => {
            session.chooseProject({ group, name: w.name, location: w.location, hub: hubName(w), id: w.id, kind: w.kind });
            window.dispatchEvent(new Event("cerulean:session"));
            toast(`Working in project ${w.name}.`);
            navigate("/catalog");
          },
        }, "Open") : "",
      ];
    });
    replace(listArea, table("Workspaces in the subscription", ["Name", "Display name", "Kind", "Resource group", "Region", "Hub", "State", ""], rows,
      { empty: "No hubs or projects yet: create a hub, then a project in it.", rowProps: (i) => ({ dataset: { workspace: latest[i].name } }) }));
    fillHubs();
  }

  // Create a hub.
  const regionList = await regions();
  const hubName = h("input", { type: "text", name: "hub-name", required: true, autocomplete: "off", spellcheck: "false" });
  const hubGroup = h("input", { type: "text", name: "hub-group", required: true, autocomplete: "off", spellcheck: "false", value: "rg-ai" });
  const hubRegion = select(regionList.map((r) => [r, r]), { name: "hub-region" });
  hubRegion.value = regionList.includes("eastus2") ? "eastus2" : regionList[0];
  const hubStatus = h("p", { class: "status", role: "status" });
  const hubForm = h("form", {
    class: "card",
    onsubmit: async (event) => {
      event.preventDefault();
      const button = hubForm.querySelector("button");
      button.disabled = true;
      try {
        hubStatus.textContent = "Creating the resource group…";
        await ensureGroup(hubGroup.value.trim(), hubRegion.value);
        const hub = await createWorkspace(hubGroup.value.trim(), hubName.value.trim(),
          { location: hubRegion.value, kind: "Hub", properties: { friendlyName: hubName.value.trim() } },
          (state) => { hubStatus.textContent = `Hub ${hubName.value.trim()}: ${state}`; });
        hubStatus.textContent = `Hub ${hub.name}: ${hub.properties.provisioningState}`;
        await refresh();
      } catch (error) {
        hubStatus.textContent = error.text ?? error.message;
        hubStatus.className = "status error";
      } finally {
        button.disabled = false;
      }
    },
  },
  h("h2", {}, "Create a hub"),
  field("Hub name", hubName, { hint: "3 to 33 letters, digits, '_' or '-', starting with a letter or digit." }),
  field("Resource group (created if new)", hubGroup),
  field("Region", hubRegion),
  h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, "Create hub")),
  hubStatus);

  // Create a project in a hub.
  const projectName = h("input", { type: "text", name: "project-name", required: true, autocomplete: "off", spellcheck: "false" });
  const projectHub = h("select", { name: "project-hub", required: true });
  const projectStatus = h("p", { class: "status", role: "status" });
  function fillHubs() {
    const hubs = latest.filter((w) => w.kind === "Hub" && w.properties?.provisioningState === "Succeeded");
    const keep = projectHub.value;
    replace(projectHub, hubs.length ? hubs.map((w) => h("option", { value: w.id }, `${w.name} (${parseId(w.id).group}, ${w.location})`))
      : h("option", { value: "" }, "No hub yet"));
    if (hubs.some((w) => w.id === keep)) projectHub.value = keep;
  }
  const projectForm = h("form", {
    class: "card",
    onsubmit: async (event) => {
      event.preventDefault();
      const hub = latest.find((w) => w.id === projectHub.value);
      if (!hub) {
        projectStatus.textContent = "Create a hub first.";
        return;
      }
      const button = projectForm.querySelector("button");
      button.disabled = true;
      projectStatus.className = "status";
      const { group } = parseId(hub.id);
      try {
        const project = await createWorkspace(group, projectName.value.trim(),
          { location: hub.location, kind: "Project", properties: { hubResourceId: hub.id, friendlyName: projectName.value.trim() } },
          (state) => { projectStatus.textContent = `Project ${projectName.value.trim()}: ${state}`; });
        projectStatus.textContent = `Project ${project.name}: ${project.properties.provisioningState}`;
        await refresh();
      } catch (error) {
        projectStatus.textContent = error.text ?? error.message;
        projectStatus.className = "status error";
      } finally {
        button.disabled = false;
      }
    },
  },
  h("h2", {}, "Create a project"),
  field("Project name", projectName),
  field("Hub", projectHub, { hint: "The project is created in the hub's resource group and region." }),
  h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, "Create project")),
  projectStatus);

  main.append(h("div", { class: "columns" }, hubForm, projectForm));
  await refresh();
  ctx.every(3000, refresh);
}
