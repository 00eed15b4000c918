// The connection panel: account, base URL and credentials.
//
// Secrets live in this module's memory only. When an edit is sent they move out of their
// fields (which are emptied) into `held`, so after a run they are neither in the DOM nor in any
// input; "Forget" (or switching the kind of credentials) drops them. They are never written to
// localStorage, sessionStorage, cookies or the URL, and no field has a name a form could submit.

import { $ } from "./dom.js";

export class ConnectionError extends Error {
  name = "ConnectionError";
  constructor(message, field) {
    super(message);
    this.field = field;
  }
}

const FIELD_INPUTS = { accountId: "account-id", apiToken: "api-token", apiEmail: "api-email", apiKey: "api-key" };

/** `onForget`: called when the credentials are dropped, so whatever holds them lets go too. */
export function createConnection({ onChange, onForget = () => {} }) {
  const account = $("account-id");
  const baseUrl = $("base-url");
  const token = $("api-token");
  const email = $("api-email");
  const key = $("api-key");
  const status = $("credential-status");
  /** { apiToken } or { apiEmail, apiKey }: the credentials taken from the fields. */
  let held = null;

  baseUrl.value = `${location.origin}/client/v4`;
  for (const radio of radios()) radio.addEventListener("change", onModeChange);
  $("forget").addEventListener("click", () => forget("Credentials forgotten."));
  for (const input of [account, baseUrl, token, email, key]) {
    input.addEventListener("input", () => {
      clearFieldError(input);
      onChange();
    });
  }
  // Leaving the page drops the secrets even if the browser keeps the page in its back/forward cache.
  window.addEventListener("pagehide", () => forget(""));
  showMode();

  function radios() {
    return document.querySelectorAll('input[name="auth"]');
  }

  function mode() {
    return document.querySelector('input[name="auth"]:checked')?.value ?? "token";
  }

  function setMode(value) {
    for (const radio of radios()) radio.checked = radio.value === value;
    showMode();
  }

  function onModeChange() {
    // Credentials of the other kind must not linger where the admin no longer sees them.
    forget("");
    showMode();
    onChange();
  }

  function showMode() {
    const current = mode();
    $("token-fields").hidden = current !== "token";
    $("email-key-fields").hidden = current !== "email-key";
    $("none-hint").hidden = current !== "none";
    $("secret-hint").hidden = current === "none";
    showHeld();
  }

  function showHeld() {
    if (mode() === "none") status.textContent = "No credentials are sent from this page.";
    else if (held?.apiToken) status.textContent = "API token held in this tab's memory.";
    else if (held?.apiKey) status.textContent = `Global API key of ${held.apiEmail} held in this tab's memory.`;
    else status.textContent = "No credentials in memory.";
  }

  function forget(message) {
    held = null;
    onForget();
    token.value = "";
    key.value = "";
    email.value = "";
    showHeld();
    if (message) status.textContent = message;
  }

  /** The account id as typed (trimmed); the package checks its form. */
  function accountId() {
    const value = account.value.trim();
    if (!value) throw new ConnectionError("Enter the account ID.", "accountId");
    return value;
  }

  /** Throws a ConnectionError when the chosen kind of credentials is missing. */
  function checkCredentials() {
    const current = mode();
    if (current === "token" && !token.value && !held?.apiToken) {
      throw new ConnectionError("Enter an API token, or choose “None” when the server adds the credentials.", "apiToken");
    }
    if (current === "email-key") {
      if (!email.value.trim() && !held?.apiEmail) throw new ConnectionError("Enter the account email.", "apiEmail");
      if (!key.value && !held?.apiKey) throw new ConnectionError("Enter the Global API key.", "apiKey");
    }
  }

  /**
   * The package's options for one call. Takes new secrets out of their fields into memory;
   * the returned object is handed to the package and dropped after the call.
   */
  function requestOptions() {
    checkCredentials();
    const current = mode();
    if (current === "token" && token.value) held = { apiToken: token.value.trim() };
    if (current === "email-key" && (key.value || email.value.trim())) {
      held = { apiEmail: email.value.trim() || held?.apiEmail, apiKey: key.value || held?.apiKey };
    }
    token.value = "";
    key.value = "";
    showHeld();
    const options = { baseUrl: baseUrl.value.trim() };
    if (current === "token") options.apiToken = held.apiToken;
    if (current === "email-key") Object.assign(options, { apiEmail: held.apiEmail, apiKey: held.apiKey });
    return options;
  }

  /** Marks a field named by a ConnectionError or a package ValidationError (`field`). */
  function markField(field, message) {
    const input = $(FIELD_INPUTS[field] ?? "");
    if (!input) return false;
    const error = $(`${input.id}-error`);
    input.setAttribute("aria-invalid", "true");
    error.textContent = message;
    error.hidden = false;
    input.focus();
    return true;
  }

  function clearFieldError(input) {
    input.removeAttribute("aria-invalid");
    const error = $(`${input.id}-error`);
    if (error) error.hidden = true;
  }

  /** Applies the server's mode: the stand-in's demo account, or "none" behind the proxy. */
  function configure(config) {
    if (config?.mode === "proxy") {
      setMode("none");
      if (config.accounts?.length === 1) account.value = config.accounts[0];
    }
  }

  function useDemo(demo) {
    setMode("token");
    account.value = demo.accountId;
    token.value = demo.apiToken;
    clearFieldError(account);
    clearFieldError(token);
    onChange();
  }

  return {
    accountId,
    baseUrl: () => baseUrl.value.trim(),
    checkCredentials,
    requestOptions,
    markField,
    configure,
    useDemo,
    forget,
    setDisabled(disabled) {
      $("connection").querySelectorAll("input, button").forEach((node) => (node.disabled = disabled));
    },
  };
}
