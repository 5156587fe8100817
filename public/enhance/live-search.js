// @ts-check
// Live search for a GET search form that already works without JavaScript (docs/decisions/0009).
//
// <form data-live-search data-live-target="ID"> … <div id="ID"> results … </div> … <p data-live-status role="status">
//
// While the visitor types or changes a filter, the page the form would load is fetched and the results region and
// the status line are taken from it; the address bar follows (history.replaceState), so the URL keeps the whole
// state and the back button, bookmarks and sharing work as without JavaScript. Focus and the typed text are never
// touched. If anything fails the form still submits normally.

const DELAY_MS = 250;

/** @param {HTMLFormElement} form */
function enhance(form) {
  const targetId = form.dataset.liveTarget;
  if (!targetId) return;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {AbortController | undefined} */
  let inFlight;

  const urlOf = () => {
    const url = new URL(form.action, window.location.href);
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === "string" && value.trim() !== "") params.append(key, value);
    }
    url.search = params.toString();
    return url;
  };

  const refresh = async () => {
    const url = urlOf();
    if (url.href === window.location.href) return;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (!response.ok) return;
      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = next.getElementById(targetId);
      const current = document.getElementById(targetId);
      if (!fresh || !current || controller.signal.aborted) return;
      current.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
      // The status line is a live region: change its text in place so that screen readers announce it.
      const status = document.querySelector("[data-live-status]");
      const freshStatus = next.querySelector("[data-live-status]");
      if (status && freshStatus && status.textContent !== freshStatus.textContent) status.textContent = freshStatus.textContent;
      window.history.replaceState(window.history.state, "", url);
    } catch {
      // Offline, aborted or refused: the visitor can still press the search button.
    } finally {
      if (inFlight === controller) inFlight = undefined;
    }
  };

  const schedule = (/** @type {number} */ delay) => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), delay);
  };

  form.addEventListener("input", (event) => {
    if (event.target instanceof HTMLInputElement) schedule(DELAY_MS);
  });
  form.addEventListener("change", (event) => {
    if (event.target instanceof HTMLSelectElement) schedule(0);
  });
}

for (const form of document.querySelectorAll("form[data-live-search]")) {
  if (form instanceof HTMLFormElement) enhance(form);
}
