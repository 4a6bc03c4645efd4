/* "Kopiera" buttons beside a read-only field: shown only where the clipboard can be used. */
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll(".copy-button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      var status = document.querySelector(".copy-status");
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) { status.textContent = "Kopierat."; }
      }, function () {
        field.select();
        if (status) { status.textContent = "Kunde inte kopiera; markera texten och kopiera den själv."; }
      });
    });
  });
})();
