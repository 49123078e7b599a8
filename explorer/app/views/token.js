// Signing in: a token for a server run with --require-auth, or for the change history. It is
// kept in this tab's sessionStorage only, and sent with every request the explorer makes.
import { graphql, token } from "../api.js";
import { errorBox, h } from "../dom.js";

export async function signIn() {
  const input = h("input", { class: "nhsuk-input", id: "token", name: "token", type: "password", autocomplete: "off", spellcheck: "false", "aria-describedby": "token-hint" });
  // Errors come as alerts of their own; this region announces the rest.
  const status = h("div", { "aria-live": "polite", role: "status" });
  const current = token.get();

  async function save(event) {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) {
      status.replaceChildren(errorBox("No token", "Paste a token, as `gms-graph token create` printed it."));
      return;
    }
    token.set(value);
    try {
      await graphql("{ __typename }");
      status.replaceChildren(h("p", {}, "Signed in for this tab. ", h("a", { href: "/" }, "Back to the network")));
    } catch (err) {
      token.set(null);
      status.replaceChildren(errorBox("The server refused the token", err.message));
    }
  }

  const body = h(
    "div",
    {},
    h("h1", { tabindex: "-1" }, "Sign in with a token"),
    h(
      "p",
      {},
      "A server run with --require-auth answers only requests that carry a token, and the change history of a record is shown to editors and admins. The token is kept in this browser tab only, and forgotten when the tab closes.",
    ),
    current
      ? h(
          "p",
          {},
          "This tab has a token. ",
          h("button", { class: "nhsuk-button nhsuk-button--secondary", type: "button", onclick: () => { token.set(null); status.replaceChildren(h("p", {}, "Signed out.")); } }, "Sign out"),
        )
      : null,
    h(
      "form",
      { id: "sign-in", onsubmit: save, action: "/token", method: "post" },
      h(
        "div",
        { class: "nhsuk-form-group" },
        h("label", { class: "nhsuk-label", for: "token" }, "Token"),
        h("div", { class: "nhsuk-hint", id: "token-hint" }, "As `gms-graph token create` printed it."),
        input,
      ),
      h("button", { class: "nhsuk-button", type: "submit" }, "Sign in"),
    ),
    status,
  );
  return { title: "Sign in", body };
}
