// The portal's entry point: the frame (navigation, project and principal, text size) and the
// pages, each in its own module under pages/.

import { h, replace } from "./lib/dom.js";
import { route, start, navigate } from "./lib/router.js";
import { session } from "./lib/session.js";
import * as signin from "./pages/signin.js";
import * as projects from "./pages/projects.js";
import * as catalog from "./pages/catalog.js";
import * as model from "./pages/model.js";
import * as serverless from "./pages/serverless-wizard.js";
import * as account from "./pages/account-wizard.js";
import * as managed from "./pages/managed-wizard.js";
import * as online from "./pages/online-endpoint.js";
import * as endpoints from "./pages/endpoints.js";
import * as endpoint from "./pages/endpoint.js";
import * as deployment from "./pages/deployment.js";
import * as playground from "./pages/playground.js";
import * as groups from "./pages/groups.js";
import * as costs from "./pages/costs.js";
import * as access from "./pages/access.js";

route("/signin", "Sign in", signin.render, { public: true });
route("/projects", "Hubs and projects", projects.render);
route("/catalog", "Model catalog", catalog.render);
route("/models/:id", "Model details", model.render, { section: "catalog" });
route("/deploy/serverless/:id", "Deploy as a serverless API", serverless.render, { section: "catalog" });
route("/deploy/account/:id", "Deploy to Azure OpenAI or AI Services", account.render, { section: "catalog" });
route("/deploy/managed/:id", "Deploy to managed compute", managed.render, { section: "catalog" });
route("/endpoints/online/:group/:workspace/:name", "Online endpoint", online.render, { section: "endpoints" });
route("/endpoints", "Endpoints", endpoints.render);
route("/endpoints/serverless/:group/:workspace/:name", "Serverless endpoint", endpoint.render, { section: "endpoints" });
route("/endpoints/account/:group/:account/:name", "Model deployment", deployment.render, { section: "endpoints" });
route("/playground", "Chat playground", playground.render);
route("/groups", "Resource groups", groups.renderList);
route("/costs", "Cost analysis", costs.render);
route("/access", "Access control (IAM)", access.render);
route("/groups/:group", "Resource group", groups.render, { section: "groups" });

const sections = [
  ["projects", "Hubs and projects"],
  ["catalog", "Model catalog"],
  ["endpoints", "Endpoints"],
  ["playground", "Playground"],
  ["groups", "Resource groups"],
  ["costs", "Cost analysis"],
  ["access", "Access control (IAM)"],
];

/** The left navigation, with the current section marked. */
function drawNav(section) {
  const nav = document.getElementById("nav");
  if (!session.signedIn()) {
    replace(nav);
    return;
  }
  replace(nav, h("ul", {}, sections.map(([id, label]) =>
    h("li", {}, h("a", { href: `#/${id}`, "aria-current": id === section ? "page" : false, dataset: { section: id } }, label)))));
}

/** The top bar: the project worked in, the principal signed in, the text size. */
function drawTools() {
  const tools = document.getElementById("top-tools");
  const large = document.documentElement.classList.contains("large");
  const sizeButton = h("button", {
    type: "button", class: "small ghost", "aria-pressed": String(large), title: "Bigger text for a projector",
    onclick: () => {
      const on = document.documentElement.classList.toggle("large");
      localStorage.setItem("cerulean-portal-large", on ? "1" : "");
      drawTools();
    },
  }, "Large text");
  if (!session.signedIn()) {
    replace(tools, sizeButton);
    return;
  }
  const project = session.project();
  replace(tools,
    h("a", { class: "chip", href: "#/projects", id: "current-project", title: "Change the project" },
      project ? ["Project: ", h("strong", {}, project.name)] : "No project chosen"),
    h("span", { class: "chip", id: "current-principal", title: session.subscriptionName() ?? "" },
      "Signed in as ", h("strong", {}, session.principal()?.clientId ?? "")),
    sizeButton,
    h("button", { type: "button", class: "small ghost", onclick: () => { session.signOut(); navigate("/signin"); } }, "Sign out"));
}

if (localStorage.getItem("cerulean-portal-large")) document.documentElement.classList.add("large");
document.getElementById("skip").addEventListener("click", () => document.getElementById("main").focus());
window.addEventListener("cerulean:session", drawTools);
start((section) => {
  drawNav(section);
  drawTools();
});
