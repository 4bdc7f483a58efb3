// Building the page: every value goes in as a text node or an attribute value, never as markup,
// so names with "<script>" or quotes show as text. No script of the portal sets markup from a string.

/** An element: h("button", {class: "primary", onclick: f}, "Deploy", ...more children). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (["value", "checked", "disabled", "selected", "hidden", "open", "required", "readOnly", "multiple"].includes(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children: strings and numbers become text, arrays are flattened, null and false are skipped. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's content. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let uniqueCounter = 0;
/** An id no other element has, for label/control pairs. */
export function uid(prefix = "c") {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}

/** A labelled form field: the label, the control, an optional hint and a live message line. */
export function field(labelText, control, { hint, message } = {}) {
  if (!control.id) control.id = uid("f");
  const parts = [h("label", { for: control.id }, labelText), control];
  const described = [];
  if (hint) {
    const hintEl = h("p", { class: "hint", id: uid("hint") }, hint);
    described.push(hintEl.id);
    parts.push(hintEl);
  }
  if (message) {
    if (!message.id) message.id = uid("msg");
    described.push(message.id);
    parts.push(message);
  }
  if (described.length) control.setAttribute("aria-describedby", described.join(" "));
  return h("div", { class: "field" }, parts);
}

/** A checkbox with its label after it. */
export function checkbox(labelText, props = {}) {
  const input = h("input", { type: "checkbox", id: uid("cb"), ...props });
  return { input, element: h("div", { class: "check" }, input, h("label", { for: input.id }, labelText)) };
}

/** A <select> from [value, label] pairs. */
export function select(options, props = {}) {
  return h("select", props, options.map(([value, label]) => h("option", { value }, label ?? value)));
}

/**
 * Tabs as the ARIA pattern has them: arrow keys move between tabs, each tab controls a panel.
 * `tabs` is [{id, label, render(panel)}]; returns {element, select(id)}.
 */
export function tabs(label, items, { initial, onChange } = {}) {
  const list = h("div", { role: "tablist", "aria-label": label, class: "tabs" });
  const panels = h("div", { class: "tab-panels" });
  const buttons = new Map();
  const panelFor = new Map();
  function choose(id, focus = false) {
    for (const item of items) {
      const selected = item.id === id;
      const button = buttons.get(item.id);
      button.setAttribute("aria-selected", String(selected));
      button.tabIndex = selected ? 0 : -1;
      panelFor.get(item.id).hidden = !selected;
      if (selected && focus) button.focus();
    }
    const item = items.find((i) => i.id === id);
    const panel = panelFor.get(id);
    if (item && !panel.dataset.rendered) {
      panel.dataset.rendered = "yes";
      item.render(panel);
    }
    onChange?.(id);
  }
  items.forEach((item, index) => {
    const tabId = uid("tab");
    const panel = h("div", { role: "tabpanel", id: uid("panel"), "aria-labelledby": tabId, tabindex: "0", class: "tab-panel" });
    const button = h("button", {
      type: "button", role: "tab", id: tabId, "aria-controls": panel.id, class: "tab", dataset: { tab: item.id },
      onclick: () => choose(item.id),
      onkeydown: (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (step) {
          event.preventDefault();
          choose(items[(index + step + items.length) % items.length].id, true);
        } else if (event.key === "Home" || event.key === "End") {
          event.preventDefault();
          choose(items[event.key === "Home" ? 0 : items.length - 1].id, true);
        }
      },
    }, item.label);
    buttons.set(item.id, button);
    panelFor.set(item.id, panel);
    list.append(button);
    panels.append(panel);
  });
  choose(initial ?? items[0].id);
  return { element: h("div", { class: "tabset" }, list, panels), select: choose };
}

/**
 * A modal dialog (the native <dialog>: focus stays inside, Escape closes it). Resolves with the
 * value of the button pressed, or null when dismissed.
 */
export function dialog(title, body, buttons) {
  return new Promise((resolve) => {
    const titleId = uid("dlg");
    const box = h("dialog", { class: "dialog", "aria-labelledby": titleId });
    const footer = h("div", { class: "dialog-buttons" }, buttons.map((b) =>
      h("button", { type: "button", class: b.class ?? "", disabled: b.disabled, dataset: { value: b.value ?? "" }, onclick: () => finish(b.value) }, b.label)));
    function finish(value) {
      box.close();
      box.remove();
      resolve(value);
    }
    box.addEventListener("cancel", (event) => { event.preventDefault(); finish(null); });
    append(box, [h("h2", { id: titleId }, title), h("div", { class: "dialog-body" }, body), footer]);
    document.body.append(box);
    box.showModal();
    const first = footer.querySelector("button.primary:enabled, button.danger:enabled") ?? footer.querySelector("button:enabled");
    first?.focus();
  });
}

/** A confirmation dialog; resolves true when the user confirms. */
export async function confirm(title, message, action = "Delete") {
  const answer = await dialog(title, [h("p", {}, message)], [
    { label: action, value: "yes", class: action === "Delete" || action === "Regenerate" ? "danger" : "primary" },
    { label: "Cancel", value: "no" },
  ]);
  return answer === "yes";
}

/** A short message at the bottom of the screen, read out by screen readers. */
export function toast(text, kind = "info") {
  const box = document.getElementById("toasts");
  const item = h("div", { class: `toast ${kind}` }, text);
  box.append(item);
  setTimeout(() => item.remove(), 5000);
}

/** Copies text to the clipboard and says so. */
export async function copyText(text, what = "Value") {
  try {
    await navigator.clipboard.writeText(text);
    toast(`${what} copied to the clipboard.`);
    return true;
  } catch (error) {
    toast(`Could not copy: ${error.message}`, "error");
    return false;
  }
}

/** A button that copies what `value()` returns. */
export function copyButton(value, what, label = "Copy") {
  return h("button", { type: "button", class: "small", "aria-label": `Copy ${what.toLowerCase()}`, onclick: () => copyText(value(), what) }, label);
}

/** A table from column headers and rows of cells (each cell an element, text, or array). */
export function table(caption, headers, rows, { empty = "Nothing here yet.", rowProps } = {}) {
  if (!rows.length) return h("p", { class: "muted empty" }, empty);
  return h("table", { class: "grid" },
    h("caption", { class: caption ? "" : "visually-hidden" }, caption || "Items"),
    h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, rows.map((cells, index) => h("tr", rowProps?.(index) ?? {}, cells.map((cell) => h("td", {}, cell))))));
}

/** A status pill: green, amber or red from the state's name. */
export function statePill(state) {
  const text = state ?? "Unknown";
  const good = ["Succeeded", "Online", "Healthy", "Subscribed", "Running", "Enabled"];
  const bad = ["Failed", "Suspended", "Unhealthy", "CreationFailed", "DeletionFailed", "Canceled", "Unsubscribed"];
  const kind = good.includes(text) ? "good" : bad.includes(text) ? "bad" : "busy";
  return h("span", { class: `pill ${kind}`, dataset: { state: text } }, text);
}

/** A definition list from [term, description] pairs. */
export function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.filter(Boolean).flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

/** Text with `backtick` spans shown as code (still text nodes, never markup). */
export function rich(text) {
  return String(text).split("`").map((part, index) => (index % 2 ? h("code", {}, part) : part));
}
