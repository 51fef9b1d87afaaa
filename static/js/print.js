// The Print buttons of the performance page and of an interview's feedback: shown only
// where a script can print (static/css/print.css lays the page out for paper). While the
// page prints, its closed model answers are open, so that the report holds them.
(() => {
  "use strict";

  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }

  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll(".session-review details:not([open])")];
    for (const details of opened) {
      details.open = true;
    }
  });
  window.addEventListener("afterprint", () => {
    for (const details of opened) {
      details.open = false;
    }
    opened = [];
  });
})();
