// The performance page: draws its charts from the json_script data and opens each
// interview's detail page in a modal. Without JavaScript the tables and links suffice.
(() => {
  "use strict";

  const BLUE = "#0d6efd";
  const GREY = "#6c757d";
  const GREEN = "#198754";

  function chartData() {
    const element = document.getElementById("performance-chart-data");
    return element ? JSON.parse(element.textContent) : null;
  }

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas || typeof window.Chart === "undefined") {
      return;
    }
    new window.Chart(canvas, {
      ...config,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        ...config.options,
      },
    });
  }

  function percentScale(title) {
    return { min: 0, max: 100, title: { display: true, text: title } };
  }

  // Tooltips print each value as the page's tables do: the server sends the texts.
  function tooltipTexts(textsByDataset) {
    return {
      callbacks: {
        label: (item) => `${item.dataset.label}: ${textsByDataset[item.datasetIndex][item.dataIndex]}`,
      },
    };
  }

  function drawCharts(data) {
    const points = data.tracking;
    if (points.length) {
      draw("chart-tracking", {
        type: "line",
        data: {
          datasets: [
            {
              label: "Score",
              data: points.map((point) => ({ x: point.x, y: point.score })),
              borderColor: GREY,
              backgroundColor: GREY,
              pointRadius: 2,
              borderWidth: 1,
            },
            {
              label: "Moving average",
              data: points.map((point) => ({ x: point.x, y: point.moving_average })),
              borderColor: BLUE,
              backgroundColor: BLUE,
              pointRadius: 0,
              borderWidth: 3,
            },
          ],
        },
        options: {
          // One point per interview, at its number (oldest first).
          scales: {
            x: {
              type: "linear",
              min: 1,
              max: points[points.length - 1].x,
              ticks: { precision: 0 },
              title: { display: true, text: "Interview" },
            },
            y: percentScale("Score"),
          },
          interaction: { mode: "index", intersect: false },
          plugins: {
            tooltip: {
              callbacks: {
                title: (items) => points[items[0].dataIndex].title,
                label: (item) => {
                  const point = points[item.dataIndex];
                  const text = item.datasetIndex === 0 ? point.score_text : point.moving_average_text;
                  return `${item.dataset.label}: ${text}`;
                },
              },
            },
          },
        },
      });
    }
    draw("chart-rounds", {
      type: "bar",
      data: {
        labels: data.rounds.labels,
        datasets: [
          { label: "Average score", data: data.rounds.scores, backgroundColor: BLUE },
          { label: "Completion", data: data.rounds.completion, backgroundColor: GREEN },
        ],
      },
      options: {
        scales: { y: percentScale("Score / %") },
        plugins: { tooltip: tooltipTexts([data.rounds.score_texts, data.rounds.completion_texts]) },
      },
    });
    draw("chart-bands", {
      type: "bar",
      data: {
        labels: data.bands.labels,
        datasets: [{ label: "Average score", data: data.bands.scores, backgroundColor: BLUE }],
      },
      options: {
        scales: { y: percentScale("Average score") },
        plugins: { tooltip: tooltipTexts([data.bands.texts]) },
      },
    });
    draw("chart-pace", {
      type: "bar",
      data: {
        labels: data.pace.labels,
        datasets: [{ label: "Time per question", data: data.pace.minutes, backgroundColor: GREY }],
      },
      options: {
        scales: { y: { beginAtZero: true, title: { display: true, text: "Minutes" } } },
        plugins: { tooltip: tooltipTexts([data.pace.texts]) },
      },
    });
  }

  // The filter form sends only the fields in use, so the address holds no empty parameters.
  function dropEmptyFields() {
    const form = document.querySelector("form.performance-filters");
    if (!form) {
      return;
    }
    form.addEventListener("formdata", (event) => {
      for (const [name, value] of [...event.formData.entries()]) {
        if (value === "") {
          event.formData.delete(name);
        }
      }
    });
  }

  function setUpModal() {
    const element = document.getElementById("performance-modal");
    if (!element || typeof window.bootstrap === "undefined") {
      return;
    }
    const modal = window.bootstrap.Modal.getOrCreateInstance(element);
    const body = document.getElementById("performance-modal-body");
    const link = document.getElementById("performance-modal-link");
    let trigger = null;
    let request = 0;

    function show(message) {
      const paragraph = document.createElement("p");
      paragraph.className = "text-body-secondary mb-0";
      paragraph.textContent = message;
      body.replaceChildren(paragraph);
    }

    async function open(anchor) {
      const current = ++request;
      trigger = anchor;
      link.href = anchor.href;
      show("Loading…");
      modal.show();
      try {
        const response = await fetch(anchor.href, {
          credentials: "same-origin",
          headers: { Accept: "text/html" },
        });
        if (!response.ok) {
          throw new Error(`status ${response.status}`);
        }
        const html = await response.text();
        // A later click has started another request: this answer is stale.
        if (current !== request) {
          return;
        }
        // The modal shows the fragment of the plain detail page.
        const page = new DOMParser().parseFromString(html, "text/html");
        const fragment = page.querySelector(".performance-detail");
        if (!fragment) {
          throw new Error("no detail in the page");
        }
        body.replaceChildren(document.importNode(fragment, true));
        // Excluding or including from here comes back to this page, as it stands.
        for (const input of body.querySelectorAll(".exclusion-form input[name=next]")) {
          input.value = window.location.pathname + window.location.search;
        }
        // The fragment's Delete button opens the page's confirmation modal: bring it along,
        // outside this modal, whose body is emptied when it closes.
        const confirmation = page.querySelector(".delete-modal");
        if (confirmation) {
          document.getElementById(confirmation.id)?.remove();
          document.body.append(document.importNode(confirmation, true));
        }
      } catch (error) {
        if (current === request) {
          show("The details could not be loaded. Use “Open as a page” instead.");
        }
      }
    }

    document.addEventListener("click", (event) => {
      const anchor = event.target.closest("a[data-detail-modal]");
      if (!anchor || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return;
      }
      event.preventDefault();
      open(anchor);
    });

    element.addEventListener("hidden.bs.modal", () => {
      body.replaceChildren();
      if (trigger && document.body.contains(trigger)) {
        trigger.focus();
      }
      trigger = null;
    });
  }

  const data = chartData();
  if (data) {
    drawCharts(data);
  }
  setUpModal();
  dropEmptyFields();
})();
