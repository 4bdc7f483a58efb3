// The chat playground: a deployment, a system message, max tokens and temperature; the reply
// streams in as the data plane sends it, with the token usage; a 429 shows its retry-after.

import { h, replace, field, select, checkbox } from "../lib/dom.js";
import { arm, armList, catalog, dataPlane, events, ids, parseId, AzureError } from "../lib/api.js";
import { session } from "../lib/session.js";
import { callOf } from "./deployment.js";
import { operationURL } from "../lib/snippets.js";

/** Every chat deployment the signed-in principal can reach: the project's endpoints and the accounts'. */
async function targets() {
  const models = await catalog();
  const chatModel = (predicate) => models.find(predicate)?.task === "chat-completion";
  const found = [];
  const project = session.project();
  if (project) {
    const workspace = ids.workspace(project.group, project.name);
    for (const e of await armList(`${workspace}/serverlessEndpoints`)) {
      if (!chatModel((m) => m.id.toLowerCase() === e.properties?.modelSettings?.modelId?.toLowerCase())) continue;
      found.push({ value: `serverless/${project.group}/${project.name}/${e.name}`, label: `${e.name} (serverless, ${e.properties?.endpointState})`,
        call: { style: "serverless", uri: e.properties.inferenceEndpoint.uri, name: e.name, task: "chat-completion" },
        keys: async () => (await arm("POST", `${e.id}/listKeys`)).primaryKey });
    }
  }
  for (const account of await armList(`${ids.subscription()}/providers/Microsoft.CognitiveServices/accounts`)) {
    for (const d of await armList(`${account.id}/deployments`)) {
      const model = models.find((m) => m.name === d.properties?.model?.name && m.accountDeployment?.format === d.properties?.model?.format);
      if (model?.task !== "chat-completion") continue;
      found.push({ value: `account/${parseId(account.id).group}/${account.name}/${d.name}`, label: `${d.name} (${account.name}, ${account.kind})`,
        call: callOf(account, d, model), keys: async () => (await arm("POST", `${account.id}/listKeys`)).key1 });
    }
  }
  return found;
}

export async function render(main, _params, ctx) {
  main.append(h("h1", {}, "Chat playground"));
  const all = await targets();
  if (!all.length) {
    main.append(h("p", { class: "notice" }, "No chat deployment yet. Deploy a chat model from the ", h("a", { href: "#/catalog" }, "model catalog"),
      session.project() ? "." : ", or open a project to see its serverless endpoints."));
    return;
  }
  const deployment = select(all.map((t) => [t.value, t.label]), { name: "deployment" });
  const wanted = ctx.query.get("endpoint");
  if (all.some((t) => t.value === wanted)) deployment.value = wanted;
  const system = h("textarea", { name: "system", rows: 3 }, "You are a helpful assistant.");
  const maxTokens = h("input", { type: "number", name: "max-tokens", min: 1, max: 4096, value: 256 });
  const temperature = h("input", { type: "number", name: "temperature", min: 0, max: 2, step: 0.1, value: 0.7 });
  const stream = checkbox("Stream the reply", { name: "stream", checked: true });
  const log = h("div", { class: "chat-log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
  const usage = h("p", { class: "usage", id: "usage", "aria-live": "polite" });
  const notice = h("div", { id: "chat-error", role: "alert" });
  const input = h("textarea", { name: "message", rows: 2, placeholder: "Type a message. Enter sends, Shift+Enter adds a line." });
  const send = h("button", { type: "submit", class: "primary", id: "send" }, "Send");
  const clear = h("button", { type: "button", onclick: () => { history.length = 0; replace(log); replace(usage); replace(notice); } }, "Clear chat");
  const history = [];
  const keyCache = new Map();
  let countdown = null;
  ctx.onLeave(() => clearInterval(countdown));

  function bubble(role, text) {
    const body = h("div", { class: "bubble-text" }, text);
    log.append(h("div", { class: `bubble ${role}`, dataset: { role } }, h("span", { class: "visually-hidden" }, role === "user" ? "You: " : "Assistant: "), body));
    log.scrollTop = log.scrollHeight;
    return body;
  }

  function showError(error) {
    const retry = error instanceof AzureError && error.status === 429 ? Number(error.headers.get("retry-after")) : null;
    replace(notice, h("p", { class: "error" }, error.text ?? error.message));
    if (retry) {
      let left = retry;
      const line = h("p", { class: "warning", id: "retry-after" }, `Rate limit reached: retry after ${left} seconds.`);
      notice.append(line);
      clearInterval(countdown);
      countdown = setInterval(() => {
        left -= 1;
        line.textContent = left > 0 ? `Rate limit reached: retry after ${left} seconds.` : "You can send again.";
        if (left <= 0) clearInterval(countdown);
      }, 1000);
    }
  }

  async function ask(text) {
    const target = all.find((t) => t.value === deployment.value);
    replace(notice);
    history.push({ role: "user", content: text });
    bubble("user", text);
    const reply = bubble("assistant", "");
    reply.classList.add("pending");
    send.disabled = true;
    try {
      if (!keyCache.has(target.value)) keyCache.set(target.value, await target.keys());
      const messages = [{ role: "system", content: system.value }, ...history];
      const body = { messages, max_tokens: Number(maxTokens.value), temperature: Number(temperature.value),
        ...(target.call.style === "models" ? { model: target.call.name } : {}) };
      const url = operationURL(target.call);
      let content = "";
      let used = null;
      if (stream.input.checked) {
        const response = await dataPlane(url, keyCache.get(target.value), { ...body, stream: true, stream_options: { include_usage: true } });
        let chunks = 0;
        for await (const chunk of events(response)) {
          chunks += 1;
          reply.parentElement.dataset.chunks = String(chunks);
          const delta = chunk.choices?.[0]?.delta?.content;
          if (delta) {
            content += delta;
            reply.textContent = content;
            log.scrollTop = log.scrollHeight;
          }
          if (chunk.usage) used = chunk.usage;
        }
      } else {
        const answer = await (await dataPlane(url, keyCache.get(target.value), body)).json();
        content = answer.choices?.[0]?.message?.content ?? "";
        reply.textContent = content;
        used = answer.usage;
      }
      history.push({ role: "assistant", content });
      reply.classList.remove("pending");
      reply.parentElement.dataset.done = "yes";
      replace(usage, used ? `Tokens: ${used.prompt_tokens} prompt, ${used.completion_tokens} completion, ${used.total_tokens} total.` : "");
    } catch (error) {
      history.pop();
      reply.parentElement.remove();
      if (error instanceof AzureError && error.status === 401) keyCache.delete(target.value);
      showError(error);
    } finally {
      send.disabled = false;
    }
  }

  const form = h("form", {
    class: "chat-form",
    onsubmit: (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = "";
      ask(text);
    },
  }, field("Message", input), h("div", { class: "buttons" }, send, clear));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  deployment.addEventListener("change", () => { history.length = 0; replace(log); replace(usage); replace(notice); });
  main.append(h("div", { class: "playground" },
    h("aside", { class: "card setup", "aria-label": "Setup" },
      field("Deployment", deployment), field("System message", system),
      field("Max response tokens", maxTokens), field("Temperature", temperature, { hint: "0 to 2: higher is more varied." }), stream.element),
    h("section", { class: "card chat", "aria-label": "Chat" }, log, usage, notice, form)));
}
