// Keys hidden until revealed, with copy and regenerate: the same panel for serverless endpoints
// (listKeys / regenerateKeys) and Cognitive Services accounts (listKeys / regenerateKey).

import { h, replace, confirm, copyText, toast } from "./dom.js";

const MASK = "••••••••••••••••••••••••••••••••";

/**
 * `slots` is [{field, label, regenerate: async () => keys}]; `list()` reads every key.
 * `onKeys(keys)` runs whenever the keys were read (the Consume tab fills them in).
 */
export function keysPanel(slots, list, onKeys = () => {}) {
  let keys = null;
  let shown = false;
  const rows = h("div", { class: "keys" });
  async function load() {
    keys = await list();
    onKeys(keys);
    return keys;
  }
  function draw() {
    replace(rows, slots.map((slot) => {
      const value = shown && keys ? keys[slot.field] : MASK;
      return h("div", { class: "key-row", dataset: { key: slot.field } },
        h("span", { class: "key-label", id: `label-${slot.field}` }, slot.label),
        h("code", { class: "key-value", dataset: { hidden: String(!(shown && keys)) }, "aria-labelledby": `label-${slot.field}` },
          value, shown && keys ? null : h("span", { class: "visually-hidden" }, " (hidden)")),
        h("span", { class: "key-buttons" },
          h("button", { type: "button", class: "small", "aria-pressed": String(shown), dataset: { action: "show" },
            onclick: async (event) => {
              try {
                if (!shown && !keys) await load();
                shown = !shown;
                draw();
                rows.querySelector(`[data-key="${slot.field}"] [data-action="show"]`)?.focus();
              } catch (error) {
                toast(error.text ?? error.message, "error");
                event.target.disabled = false;
              }
            } }, shown ? "Hide" : "Show"),
          h("button", { type: "button", class: "small", "aria-label": `Copy ${slot.label.toLowerCase()}`, dataset: { action: "copy" },
            onclick: async () => {
              try {
                const current = keys ?? await load();
                await copyText(current[slot.field], slot.label);
              } catch (error) {
                toast(error.text ?? error.message, "error");
              }
            } }, "Copy"),
          h("button", { type: "button", class: "small danger-text", dataset: { action: "regenerate" },
            onclick: async () => {
              if (!await confirm(`Regenerate the ${slot.label.toLowerCase()}?`, `Applications that use the current ${slot.label.toLowerCase()} stop working at their next request.`, "Regenerate")) return;
              try {
                await slot.regenerate();
                await load();
                toast(`${slot.label} regenerated.`);
                draw();
              } catch (error) {
                toast(error.text ?? error.message, "error");
              }
            } }, "Regenerate")));
    }));
  }
  draw();
  return { element: rows, load, keys: () => keys };
}
