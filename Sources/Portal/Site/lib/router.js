// Hash routes (`#/catalog`, `#/models/{id}`): the page is one document, pages swap without a
// reload, and the address bar can be bookmarked or shared with a class.

import { h, replace } from "./dom.js";
import { session } from "./session.js";

const routes = [];
let cleanups = [];

/** Registers a page: `pattern` like "/endpoints/serverless/:group/:workspace/:name". */
export function route(pattern, title, render, { public: isPublic = false, section } = {}) {
  const names = [];
  const source = pattern.split("/").map((part) => {
    if (part.startsWith(":")) {
      names.push(part.slice(1));
      return "([^/]+)";
    }
    return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("/");
  routes.push({ regex: new RegExp(`^${source}$`), names, title, render, isPublic, section: section ?? pattern.split("/")[1] });
}

/** Goes to a page (`navigate("/catalog")`). */
export function navigate(path) {
  if (location.hash === `#${path}`) {
    show();
  } else {
    location.hash = `#${path}`;
  }
}

/** The current path and query, from the hash. */
function current() {
  const raw = location.hash.replace(/^#/, "") || "/projects";
  const [path, query = ""] = raw.split("?");
  return { path, query: new URLSearchParams(query) };
}

/** What a page's render gets besides its parameters: timers and clean-ups tied to the page. */
function context(query) {
  return {
    query,
    /** Runs `fn` every `ms` while the page is shown (and not while the tab is hidden). */
    every(ms, fn) {
      const id = setInterval(() => { if (!document.hidden) fn(); }, ms);
      cleanups.push(() => clearInterval(id));
    },
    onLeave(fn) {
      cleanups.push(fn);
    },
  };
}

let onShown = () => {};

async function show() {
  for (const fn of cleanups) fn();
  cleanups = [];
  const main = document.getElementById("main");
  const { path, query } = current();
  const match = routes.map((r) => ({ r, m: r.regex.exec(path) })).find((x) => x.m);
  if (!match) {
    document.title = "Not found · Cerulean portal";
    replace(main, h("h1", { tabindex: "-1" }, "Page not found"), h("p", {}, "The portal has no page at ", h("code", {}, path), "."));
    onShown(null);
    return;
  }
  const { r, m } = match;
  if (!r.isPublic && !session.signedIn()) {
    navigate(`/signin?next=${encodeURIComponent(path + (query.toString() ? `?${query}` : ""))}`);
    return;
  }
  const params = Object.fromEntries(r.names.map((name, i) => [name, decodeURIComponent(m[i + 1])]));
  document.title = `${r.title} · Cerulean portal`;
  replace(main);
  onShown(r.section);
  try {
    await r.render(main, params, context(query));
  } catch (error) {
    main.append(h("p", { class: "error", role: "alert" }, error.text ?? error.message));
  }
  const heading = main.querySelector("h1");
  const nav = document.getElementById("nav");
  if (heading && (document.activeElement === document.body || nav.contains(document.activeElement))) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

/** Starts routing; `shown(section)` runs after each page change (the navigation's highlight). */
export function start(shown) {
  onShown = shown;
  window.addEventListener("hashchange", show);
  show();
}
