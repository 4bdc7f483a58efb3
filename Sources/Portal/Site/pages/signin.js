// Sign in: pick one of the principals Cerulean knows (or type a client id); the portal gets a
// token for it from Cerulean's token issuer and uses it for every ARM call.

import { h, field, rich, uid } from "../lib/dom.js";
import { navigate } from "../lib/router.js";
import { session, knownPrincipals, graphPrincipals } from "../lib/session.js";

export async function render(main, _params, { query }) {
  const next = query.get("next") || "/projects";
  const message = h("p", { class: "error", role: "alert", hidden: true });
  const other = h("input", { type: "text", name: "client-id", autocomplete: "off", spellcheck: "false", placeholder: "my-app-client-id" });
  const secret = h("input", { type: "password", name: "client-secret", autocomplete: "off", placeholder: "its client secret" });
  const group = uid("principal");
  const choices = [...knownPrincipals, ...await graphPrincipals(), { clientId: "", kind: "Service principal", note: "Any other application: type its client id. Cerulean's token issuer issues a token for any client." }];
  const options = choices.map((principal, index) => {
    const id = uid("p");
    return h("div", { class: "choice" },
      h("input", { type: "radio", name: group, id, value: principal.clientId, checked: index === 0, dataset: { kind: principal.kind } }),
      h("label", { for: id },
        h("strong", {}, principal.clientId || "Another service principal"), " ", h("span", { class: "muted" }, `(${principal.kind})`),
        h("span", { class: "hint block" }, rich(principal.note))));
  });
  const button = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h("form", {
    class: "card narrow",
    onsubmit: async (event) => {
      event.preventDefault();
      const chosen = form.querySelector(`input[name="${group}"]:checked`);
      const clientId = chosen.value || other.value.trim();
      if (!clientId) {
        message.hidden = false;
        message.textContent = "Type the client id of the service principal to sign in as.";
        other.focus();
        return;
      }
      button.disabled = true;
      message.hidden = true;
      try {
        await session.signIn(clientId, chosen.dataset.kind, secret.value || undefined);
        window.dispatchEvent(new Event("cerulean:session"));
        navigate(next);
      } catch (error) {
        message.hidden = false;
        message.textContent = `Sign-in failed: ${error.message}`;
      } finally {
        button.disabled = false;
      }
    },
  },
  h("fieldset", {}, h("legend", {}, "Principal"), options),
  field("Client id (for another service principal)", other),
  field("Client secret", secret, { hint: "Sent to the token endpoint with the client id, as ClientSecretCredential sends it. Applications made through Graph (az ad sp create-for-rbac, addPassword) need their own secret in --auth strict." }),
  message,
  h("div", { class: "buttons" }, button));

  main.append(
    h("h1", {}, "Sign in to Cerulean"),
    h("p", { class: "lead" }, "Choose who you are. Every action in the portal is an ARM or data-plane call with a token Cerulean's token issuer gives this principal, so what you do here a script can do with the same identity."),
    form);
}
