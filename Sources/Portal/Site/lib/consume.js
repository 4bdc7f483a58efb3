// The Consume tab: the Target URI and the snippets, which fill in the key once it is read.

import { h, replace, copyButton, facts, rich } from "./dom.js";
import { snippets, onlineSnippets } from "./snippets.js";

export const KEY_PLACEHOLDER = "<your-key>";

/** `base` is the call without its key; `loadKeys()` reads the keys; `pick(keys)` chooses one. */
export function consumePanel(base, targetURI, loadKeys, pick) {
  const area = h("div", { class: "consume" });
  let call = { ...base, key: KEY_PLACEHOLDER };
  function draw() {
    const blocks = call.style === "online" ? onlineSnippets(call) : snippets(call);
    const filled = call.key !== KEY_PLACEHOLDER;
    replace(area,
      facts([["Target URI", [h("code", { class: "target-uri" }, targetURI), " ", copyButton(() => targetURI, "Target URI")]]]),
      h("p", { class: "hint" }, rich("Run these in a shell set up with `eval \"$(cerulean env)\"` (it trusts Cerulean's CA); the az commands also need `eval \"$(cerulean az-setup)\"`.")),
      filled ? null : h("p", { class: "notice" }, "The code shows a placeholder for the key. ",
        h("button", { type: "button", class: "small", id: "fill-key", onclick: async () => fill(pick(await loadKeys())) }, "Fill in the primary key")),
      blocks.length ? blocks.map((b) => h("section", { class: "snippet", dataset: { snippet: b.id } },
        h("div", { class: "snippet-head" }, h("h3", {}, b.label), copyButton(() => b.text, `${b.label} code`)),
        h("pre", { tabindex: "0" }, h("code", { class: `language-${b.language}` }, b.text))))
        : h("p", { class: "muted" }, "This model has no chat, completion or embeddings route to call."));
  }
  function fill(key) {
    call = { ...base, key };
    draw();
  }
  draw();
  return { element: area, fill };
}
