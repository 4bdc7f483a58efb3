// What every resource page does with its resource: follow it live, and delete it with
// confirmation, then wait until ARM no longer has it.

import { h, replace, confirm, statePill } from "./dom.js";
import { arm, armGetOrNull, waitUntil } from "./api.js";

/**
 * Reads `read()` every `ms` while the page is shown: `apply(fresh)` when it changed since
 * `initial` (or the last read), `gone()` when it answers null. Returns {paused}: set it to skip reads.
 */
export function follow(ctx, ms, initial, read, apply, gone) {
  let last = JSON.stringify(initial);
  const state = { paused: false };
  ctx.every(ms, async () => {
    if (state.paused) return;
    const fresh = await read().catch(() => undefined);
    if (fresh === undefined || state.paused) return;
    if (fresh === null) {
      gone();
      return;
    }
    const text = JSON.stringify(fresh);
    if (text === last) return;
    last = text;
    apply(fresh);
  });
  return state;
}

/** The page's Delete button: confirm, DELETE `path`, show "Deleting…" until it is gone, then `done()`. */
export function deleteWithConfirmation(button, { title, message, path, stateArea, following, done }) {
  button.addEventListener("click", async () => {
    if (!await confirm(title, message)) return;
    following.paused = true;
    button.disabled = true;
    try {
      await arm("DELETE", path);
      replace(stateArea, h("p", { class: "state-line" }, statePill("Deleting"), " Deleting…"));
      await waitUntil(() => armGetOrNull(path), (gone) => gone === null);
      done();
    } catch (error) {
      following.paused = false;
      button.disabled = false;
      replace(stateArea, h("p", { class: "error", role: "alert" }, error.text ?? error.message));
    }
  });
}
