/* Autosave feedback on the participant's page. The answers still go with the form when it is
 * sent, so a failed autosave is only a notice, never lost input. No inline script: strict CSP. */
(function () {
  "use strict";
  function status(evt) {
    var target = evt.detail && evt.detail.target;
    return target && target.classList && target.classList.contains("save-status") ? target : null;
  }
  function failed(evt) {
    var el = status(evt);
    if (!el) { return; }
    var message = document.createElement("span");
    message.className = "not-saved";
    message.textContent = evt.detail.xhr && evt.detail.xhr.status === 404
      ? "Länken fungerar inte längre."
      : "Inte sparat just nu – svaret skickas med när du trycker på Skicka svaren.";
    el.replaceChildren(message);
  }
  // Once the whole form is on its way, an autosave would only race it.
  var sending = false;
  document.addEventListener("submit", function () { sending = true; });
  document.addEventListener("htmx:confirm", function (evt) {
    if (sending) { evt.preventDefault(); }
  });
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);
})();
