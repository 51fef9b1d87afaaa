// The performance page: draws its charts from the json_script data and opens each
// interview's detail page in a modal. Without JavaScript the tables and links suffice.
(function () {
  "use strict";

  var BLUE = "#0d6efd";
  var GREY = "#6c757d";
  var GREEN = "#198754";

  function chartData() {
    var element = document.getElementById("performance-chart-data");
    return element ? JSON.parse(element.textContent) : null;
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas || typeof window.Chart === "undefined") {
      return;
    }
    config.options = Object.assign(
      { responsive: true, maintainAspectRatio: false, animation: false },
      config.options || {}
    );
    new window.Chart(canvas, config);
  }

  function percentScale(title) {
    return { min: 0, max: 100, title: { display: true, text: title } };
  }

  function drawCharts(data) {
    if (data.tracking.length) {
      draw("chart-tracking", {
        type: "line",
        data: {
          labels: data.tracking.map(function (point) { return point.date; }),
          datasets: [
            {
              label: "Score",
              data: data.tracking.map(function (point) { return point.score; }),
              borderColor: GREY,
              backgroundColor: GREY,
              pointRadius: 2,
              borderWidth: 1
            },
            {
              label: "Moving average",
              data: data.tracking.map(function (point) { return point.moving_average; }),
              borderColor: BLUE,
              backgroundColor: BLUE,
              pointRadius: 0,
              borderWidth: 3
            }
          ]
        },
        options: { scales: { y: percentScale("Score") } }
      });
    }
    draw("chart-rounds", {
      type: "bar",
      data: {
        labels: data.rounds.labels,
        datasets: [
          { label: "Average score", data: data.rounds.scores, backgroundColor: BLUE },
          { label: "Completion (%)", data: data.rounds.completion, backgroundColor: GREEN }
        ]
      },
      options: { scales: { y: percentScale("Score / %") } }
    });
    draw("chart-bands", {
      type: "bar",
      data: {
        labels: data.bands.labels,
        datasets: [{ label: "Average score by time spent", data: data.bands.scores, backgroundColor: BLUE }]
      },
      options: { scales: { y: percentScale("Average score") } }
    });
    draw("chart-pace", {
      type: "bar",
      data: {
        labels: data.pace.labels,
        datasets: [{ label: "Minutes per question", data: data.pace.minutes, backgroundColor: GREY }]
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: "Minutes" } } } }
    });
  }

  function setUpModal() {
    var element = document.getElementById("performance-modal");
    if (!element || typeof window.bootstrap === "undefined") {
      return;
    }
    var modal = window.bootstrap.Modal.getOrCreateInstance(element);
    var body = document.getElementById("performance-modal-body");
    var link = document.getElementById("performance-modal-link");
    var trigger = null;
    var request = 0;

    function show(message) {
      var paragraph = document.createElement("p");
      paragraph.className = "text-body-secondary mb-0";
      paragraph.textContent = message;
      body.replaceChildren(paragraph);
    }

    function open(anchor) {
      var current = ++request;
      trigger = anchor;
      link.href = anchor.href;
      show("Loading…");
      modal.show();
      fetch(anchor.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          if (current !== request) {
            return;
          }
          // The modal shows the fragment of the plain detail page.
          var page = new DOMParser().parseFromString(html, "text/html");
          var fragment = page.querySelector(".performance-detail");
          if (!fragment) {
            throw new Error("no detail in the page");
          }
          body.replaceChildren(document.importNode(fragment, true));
        })
        .catch(function () {
          if (current === request) {
            show("The details could not be loaded. Use “Open as a page” instead.");
          }
        });
    }

    document.addEventListener("click", function (event) {
      var anchor = event.target.closest("a[data-detail-modal]");
      if (!anchor || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return;
      }
      event.preventDefault();
      open(anchor);
    });

    element.addEventListener("hidden.bs.modal", function () {
      body.replaceChildren();
      if (trigger && document.body.contains(trigger)) {
        trigger.focus();
      }
      trigger = null;
    });
  }

  var data = chartData();
  if (data) {
    drawCharts(data);
  }
  setUpModal();
})();
