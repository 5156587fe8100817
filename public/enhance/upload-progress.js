// @ts-check
// Upload progress for a multipart form that already works without JavaScript (docs/decisions/0009, 0013).
//
// <form data-upload-progress data-max-file-bytes="N" data-max-total-bytes="N" method="post" enctype="multipart/form-data">
//   … <button data-upload-submit>
//   <div data-upload-status hidden> <progress> <p role="status" data-upload-status-text
//        data-sending="… {{percent}}%" data-checking="…" data-failed="…"> </div>
// </form>
//
// On submit the same request is sent with XMLHttpRequest (the one browser API that reports upload progress), the
// progress bar follows the bytes sent, and the page the server answers with (the list after a redirect, or the form
// with its error summary) replaces the page's main content, focused as a full page load would be. If the browser
// lacks what is needed, the form submits normally.

/** @param {HTMLFormElement} form */
function enhance(form) {
  const status = form.querySelector("[data-upload-status]");
  const bar = form.querySelector("progress");
  const text = form.querySelector("[data-upload-status-text]");
  const submit = form.querySelector("[data-upload-submit]");
  if (!(status instanceof HTMLElement) || !(bar instanceof HTMLProgressElement) || !(text instanceof HTMLElement)) return;

  /** @param {string} name @param {Record<string, string>} [values] */
  const message = (name, values = {}) => (text.dataset[name] ?? "").replace(/\{\{(\w+)\}\}/g, (_, key) => values[key] ?? "");

  const maxFile = Number(form.dataset.maxFileBytes ?? Infinity);
  const maxTotal = Number(form.dataset.maxTotalBytes ?? Infinity);

  form.addEventListener("submit", (event) => {
    // A file over the limit: the server refuses it while it streams and answers early, which a browser handles best
    // as a plain submission (an XMLHttpRequest answered before its body was sent can leave the connection unusable).
    const files = Array.from(form.querySelectorAll("input[type=file]")).flatMap((input) => (input instanceof HTMLInputElement && input.files ? Array.from(input.files) : []));
    if (files.some((f) => f.size > maxFile) || files.reduce((n, f) => n + f.size, 0) > maxTotal) return;
    event.preventDefault();
    const failed = () => {
      text.textContent = message("failed");
      if (submit instanceof HTMLButtonElement) submit.disabled = false;
    };
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "text/html");
    status.hidden = false;
    bar.value = 0;
    text.textContent = message("sending", { percent: "0" });
    if (submit instanceof HTMLButtonElement) submit.disabled = true;
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.floor((e.loaded / e.total) * 100);
      bar.value = percent;
      text.textContent = message("sending", { percent: String(percent) });
    });
    xhr.upload.addEventListener("load", () => {
      bar.value = 100;
      text.textContent = message("checking");
    });
    xhr.addEventListener("load", () => {
      const type = xhr.getResponseHeader("Content-Type") ?? "";
      if (!type.startsWith("text/html")) return failed();
      const next = new DOMParser().parseFromString(xhr.responseText, "text/html");
      const fresh = next.querySelector("main");
      const current = document.querySelector("main");
      if (!fresh || !current) return failed();
      current.replaceWith(document.importNode(fresh, true));
      document.title = next.title;
      // The answer's URL (after the redirect) becomes the page's, as after a normal submission.
      if (xhr.responseURL) window.history.replaceState(null, "", xhr.responseURL);
      const focus = document.querySelector(".govuk-error-summary, .govuk-notification-banner--success");
      if (focus instanceof HTMLElement) {
        focus.setAttribute("tabindex", "-1");
        focus.focus();
      }
      start();
    });
    // A network error, or the answer's redirect could not be followed (the page's upgrade-insecure-requests policy
    // upgrades it to https on a plain-HTTP test server; Chrome then reports no "load" for the upload either): go to
    // the list as a plain form submission would, which shows the outcome (or the browser's own network error page).
    xhr.addEventListener("error", () => window.location.assign(form.action));
    xhr.addEventListener("abort", failed);
    xhr.send(new FormData(form));
  });
}

function start() {
  if (typeof XMLHttpRequest === "undefined" || typeof DOMParser === "undefined" || typeof FormData === "undefined") return;
  for (const form of document.querySelectorAll("form[data-upload-progress]")) {
    if (form instanceof HTMLFormElement) enhance(form);
  }
}

start();
