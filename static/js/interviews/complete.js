// The results form: "Add round" adds an empty round row here instead of asking the server
// for the page again, and each row gets a "Remove round" button. Without JavaScript
// "Add round" submits the form, which comes back with the typed values and one more row,
// and a row left empty is skipped.
(() => {
  "use strict";

  const container = document.querySelector("[data-round-rows]");
  const template = document.getElementById("round-template");
  const addButton = document.querySelector("[data-add-round]");
  const total = document.querySelector("input[name='rounds-TOTAL_FORMS']");
  const initial = document.querySelector("input[name='rounds-INITIAL_FORMS']");
  if (!container || !template || !total) {
    return;
  }
  const max = Number(container.dataset.max) || Infinity;
  const PREFIX = /rounds-(\d+|__prefix__)-/g;
  const ATTRIBUTES = ["name", "id", "for", "aria-describedby"];

  function rows() {
    return [...container.querySelectorAll("[data-round-row]")];
  }

  // Gives every row its place: field names and ids, "Round n", and the form's count.
  function renumber() {
    const all = rows();
    all.forEach((row, index) => {
      row.id = `round-${index + 1}`;
      row.querySelectorAll("[data-round-number]").forEach((element) => {
        element.textContent = String(index + 1);
      });
      for (const attribute of ATTRIBUTES) {
        row.querySelectorAll(`[${attribute}]`).forEach((element) => {
          const value = element.getAttribute(attribute);
          element.setAttribute(attribute, value.replace(PREFIX, `rounds-${index}-`));
        });
      }
    });
    total.value = String(all.length);
    if (initial && Number(initial.value) > all.length) {
      initial.value = String(all.length);
    }
    if (addButton) {
      addButton.hidden = all.length >= max;
    }
  }

  function showRemoveButtons(scope) {
    scope.querySelectorAll("[data-remove-round]").forEach((element) => {
      element.hidden = false;
    });
  }

  if (addButton) {
    // Enter in a field then submits the form with "Save results", its only submit button.
    addButton.type = "button";
    addButton.addEventListener("click", () => {
      if (rows().length >= max) {
        return;
      }
      const fragment = template.content.cloneNode(true);
      const row = fragment.querySelector("[data-round-row]");
      showRemoveButtons(fragment);
      container.append(fragment);
      renumber();
      row.querySelector("select, input").focus();
    });
  }

  container.addEventListener("click", (event) => {
    const button = event.target.closest("[data-remove-round] button");
    if (!button) {
      return;
    }
    const row = button.closest("[data-round-row]");
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber();
    // Focus stays in the rounds: on the row that took its place, or on "Add round".
    const target = next ? next.querySelector("select, input") : addButton;
    if (target) {
      target.focus();
    }
  });

  showRemoveButtons(container);
  renumber();
})();
