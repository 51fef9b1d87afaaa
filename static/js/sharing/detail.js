// A shared link's page: the Copy button puts the link on the clipboard. Without
// JavaScript (or a clipboard) the button stays hidden and the link can be selected.
(() => {
  "use strict";

  const button = document.querySelector("button[data-copy]");
  if (!button || !navigator.clipboard) {
    return;
  }
  const input = document.getElementById(button.dataset.copy);
  const status = document.getElementById("copy-status");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = "Copied";
      status.textContent = "The link is copied.";
    } catch (error) {
      input.select();
      status.textContent = "Copying is not allowed here: the link is selected, copy it yourself.";
    }
  });
})();
