// The practice session page: saves the answer while it is typed and when the page is left,
// keeps a copy in localStorage for a lost connection, and runs the clocks the server measured.
// Without JavaScript the page is plain forms ("Save draft", "Submit answer") and the times
// are as of the page's loading.
(() => {
  "use strict";

  const DEBOUNCE_MS = 700;
  const RETRY_MS = [2000, 5000, 10000, 30000];
  const NARROW = "(max-width: 991.98px)";

  function format(total) {
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = String(total % 60).padStart(2, "0");
    return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
  }

  function startClocks() {
    const clocks = [...document.querySelectorAll("[data-clock][data-running]")].map((element) => ({
      element,
      base: Math.floor(Number(element.dataset.seconds)) || 0,
    }));
    if (!clocks.length) {
      return;
    }
    // The server counts a visit to a question for at most so long (a tab left open overnight).
    const session = document.querySelector(".session[data-idle-left]");
    const limit = session ? Number(session.dataset.idleLeft) : Infinity;
    const loaded = performance.now();
    window.setInterval(() => {
      const elapsed = Math.min(Math.floor((performance.now() - loaded) / 1000), limit);
      for (const { element, base } of clocks) {
        element.textContent = format(base + elapsed);
      }
    }, 1000);
  }

  // A draft kept in this browser: the value typed and the value the server held when it was
  // typed (`base`). It is restored only if the server still holds that base, so a newer
  // answer saved from elsewhere is never overwritten by an old copy.
  class DraftStore {
    constructor(key) {
      this.key = key;
    }

    read() {
      try {
        const draft = JSON.parse(window.localStorage.getItem(this.key));
        return draft && typeof draft.value === "string" ? draft : null;
      } catch {
        return null;
      }
    }

    write(value, base) {
      try {
        window.localStorage.setItem(this.key, JSON.stringify({ value, base }));
      } catch {
        // Storage full or disabled: the server save still runs.
      }
    }

    forget() {
      try {
        window.localStorage.removeItem(this.key);
      } catch {
        // Nothing to forget.
      }
    }
  }

  function setUpAutosave() {
    const session = document.querySelector(".session[data-interview]");
    const form = document.getElementById("session-form");
    if (!session || !form) {
      return;
    }
    const index = form.elements.index.value;
    const store = new DraftStore(`interviewprep:draft:${session.dataset.interview}:${index}`);
    const textarea = form.querySelector("textarea[name=answer]");
    const radios = [...form.querySelectorAll("input[type=radio][name=choice]")];
    if (!textarea && !radios.length) {
      store.forget(); // submitted: a draft left from before has nothing to restore
      return;
    }
    const field = textarea ? "answer" : "choice";
    // Not `form.action`: the buttons named "action" shadow that property.
    const url = new URL(form.getAttribute("action"), window.location.href).href;
    const status = document.getElementById("autosave-status");
    const saveButton = form.querySelector("[data-save-draft]");
    if (saveButton) {
      saveButton.hidden = true; // saving is automatic
    }

    const value = () => {
      if (textarea) {
        return textarea.value;
      }
      const checked = radios.find((radio) => radio.checked);
      return checked ? checked.value : "";
    };
    const restore = (text) => {
      if (textarea) {
        textarea.value = text;
      } else {
        for (const radio of radios) {
          radio.checked = radio.value === text;
        }
      }
    };
    const show = (text) => {
      if (status && status.textContent !== text) {
        status.textContent = text;
      }
    };

    // What the server holds; unknown when the page came back with errors (the typed text).
    let saved = form.querySelector(".is-invalid") ? null : value();
    let timer = null;
    let attempt = 0;
    let sending = false;
    let again = false;
    let leaving = false;
    // A submission held back until the autosave on its way is answered (see below).
    let held = null;

    function body(text) {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      data.append("index", index);
      data.append("action", "save");
      data.append(field, text);
      return data;
    }

    function schedule(delay) {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, delay);
    }

    async function problem(response) {
      try {
        const data = await response.json();
        const messages = Object.values(data.errors || {}).flat();
        return messages.length ? messages.join(" ") : null;
      } catch {
        return null;
      }
    }

    async function save() {
      window.clearTimeout(timer);
      const text = value();
      if (text === saved || (field === "choice" && text === "")) {
        store.forget();
        return;
      }
      if (sending) {
        again = true;
        return;
      }
      sending = true;
      show("Saving…");
      try {
        const response = await fetch(url, {
          method: "POST",
          body: body(text),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        const json = (response.headers.get("Content-Type") || "").includes("application/json");
        if (json && [400, 404, 409].includes(response.status)) {
          // Refused for good (bad input, or the answer was submitted elsewhere): say why.
          const reason = await problem(response);
          show(`Not saved: ${reason || "reload the page."}`);
          return;
        }
        // Anything but the JSON answer (a login page after the session expired) is a failure.
        if (!response.ok || !json || !(await response.json()).saved) {
          throw new Error(`status ${response.status}`);
        }
        saved = text;
        attempt = 0;
        if (value() === text) {
          store.forget();
          show("Saved");
        } else {
          store.write(value(), saved);
        }
      } catch {
        show("Not saved — retrying");
        schedule(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
        attempt += 1;
      } finally {
        sending = false;
        if (held) {
          const submitter = held.submitter;
          held = null;
          form.requestSubmit(submitter);
        } else if (again) {
          again = false;
          schedule(0);
        }
      }
    }

    // Leaving the page: a request that outlives it. Its answer is never read; the copy in
    // localStorage covers a failure.
    function saveOnLeaving() {
      const text = value();
      if (leaving || text === saved || (field === "choice" && text === "")) {
        return;
      }
      fetch(url, {
        method: "POST",
        body: body(text),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        keepalive: true,
      }).catch(() => {});
    }

    function edited() {
      store.write(value(), saved);
      schedule(DEBOUNCE_MS);
    }

    if (textarea) {
      textarea.addEventListener("input", edited);
    }
    for (const radio of radios) {
      radio.addEventListener("change", () => {
        store.write(value(), saved);
        save();
      });
    }
    // The form itself carries the answer (to save, submit or move on).
    form.addEventListener("submit", (event) => {
      if (sending) {
        // An autosave is on its way: submit once it is answered, so that it never reaches
        // the server after the answer it would then be refused for.
        event.preventDefault();
        held = { submitter: event.submitter || null };
        return;
      }
      leaving = true;
      window.clearTimeout(timer);
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") {
        saveOnLeaving();
      }
    });
    window.addEventListener("pagehide", saveOnLeaving);
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) {
        leaving = false; // back from the page cache: this page is live again
      }
    });

    const draft = store.read();
    if (draft && saved !== null) {
      if (draft.value !== saved && draft.base === saved) {
        restore(draft.value);
        save();
      } else {
        store.forget();
      }
    }
  }

  function collapseOverviewOnNarrowScreens() {
    const overview = document.querySelector(".session-overview");
    if (overview && window.matchMedia(NARROW).matches) {
      overview.open = false;
    }
  }

  startClocks();
  setUpAutosave();
  collapseOverviewOnNarrowScreens();
})();
