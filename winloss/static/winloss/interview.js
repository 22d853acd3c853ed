// The interview screen: notes save on every pause in typing and before any move, this device
// keeps whatever has not reached the server (a closed tab, a crash, a dropped connection lose
// nothing), and a note someone else saved meanwhile is shown beside yours instead of being
// overwritten. Moving between questions swaps only the question's block (one small request
// over a poor connection, not a page); without this script the links and forms still work.
// What autosaving pages share (the POST, the device's keeping, the status line) is autosave.js.
(() => {
  const root = document.querySelector(".interview");
  const block = document.getElementById("question-block");
  if (!root || !block) return;
  const { PAUSE_MS, RETRY_MS, post, serial, keeper, status } = window.winlossAutosave;
  const saveUrl = root.dataset.saveUrl;
  const PREFIX = `winloss:note:${root.dataset.interview}:`;
  const store = keeper(PREFIX);
  const say = status(document.getElementById("save-state"));
  const queued = serial(); // saves of one note, by its key, one after the other
  const timers = new Map(); // form → pending pause timer
  const conflicts = new Set(); // note keys waiting for the person to choose a version
  let retry = null;
  let refusal = ""; // the server's reason for the last note it refused

  const keyOf = (question, kind) => `${PREFIX}${question || "general"}:${kind}`;
  const formKey = (form) => keyOf(form.elements.question.value, form.elements.kind.value);
  const noteForms = () => [...block.querySelectorAll("form.note-box")].filter((f) => f.elements.text);

  // Every note of this interview this device holds unsent, whichever question it is on.
  const kept = () =>
    store.all().map(({ key, rest, entry }) => {
      const [question, kind] = rest.split(":");
      return { ...entry, key, kind, question: question === "general" ? "" : question };
    });

  const remember = (form) => {
    const entry = {
      text: form.elements.text.value,
      version: Number(form.elements.version.value),
      q: form.elements.q.value,
      at: Date.now(),
    };
    store.write(formKey(form), entry);
  };

  const showMentions = (form, mentions) => {
    form.querySelector(".mentions").replaceChildren(
      ...mentions.map((m) => {
        const chip = document.createElement("span");
        chip.className = `mention mention-${m.kind}`;
        chip.textContent = m.kind === "competitor" ? `Competitor: ${m.competitor}` : `Pricing: ${m.text}`;
        return chip;
      }),
    );
  };

  const showConflict = (form, theirs) => {
    const view = form.querySelector(".conflict-view");
    view.querySelector("[data-theirs]").textContent = theirs.text;
    view.querySelector("[data-yours]").textContent = form.elements.text.value;
    view.querySelector("[data-by]").textContent = theirs.saved_by || "someone";
    view.dataset.version = theirs.version;
    view.dataset.text = theirs.text;
    view.hidden = false;
  };

  // Send what the device holds for one note: from its box when it is on the page.
  const sendKey = (key) =>
    queued(key, async () => {
      if (conflicts.has(key)) return "conflict";
      const entry = store.read(key);
      if (!entry) return "saved";
      const form = noteForms().find((f) => formKey(f) === key);
      const [question, kind] = key.slice(PREFIX.length).split(":");
      const text = form ? form.elements.text.value : entry.text;
      const version = form ? form.elements.version.value : entry.version;
      const result = await post(saveUrl, { question: question === "general" ? "" : question, kind, text, version });
      if (result === null) return "offline";
      if (result.status === 409) {
        conflicts.add(key);
        if (form) showConflict(form, result.body);
        return "conflict";
      }
      if (!result.ok) {
        refusal = result.body.error || "";
        return "error";
      }
      const now = form ? form.elements.text.value : entry.text;
      if (now === text) store.forget(key);
      else store.write(key, { ...entry, text: now, version: result.body.version });
      if (form) {
        form.elements.version.value = result.body.version;
        showMentions(form, result.body.mentions || []);
      }
      return "saved";
    });

  const report = (results) => {
    const left = kept();
    if (left.length === 0) return say("All changes saved", "saved");
    if (results.includes("conflict") || left.some((e) => conflicts.has(e.key))) {
      const other = left.find((e) => conflicts.has(e.key) && !noteForms().some((f) => formKey(f) === e.key));
      return say(
        other
          ? `Two versions of a note on question ${other.q || "(closing notes)"}: open it to choose which to keep`
          : "Two versions of a note: choose which to keep",
        "conflict",
      );
    }
    if (results.includes("error")) {
      return say(`Not saved: ${refusal || "the server refused a note"}. Your text is kept on this device.`, "error");
    }
    say("Offline: your notes are kept on this device and will be sent when the connection returns", "offline");
    clearTimeout(retry);
    retry = setTimeout(saveAll, RETRY_MS);
  };

  // Everything this device holds for this interview, sent now; resolves when the server has
  // answered for each note (or the connection is known to be down).
  const saveAll = async () => {
    timers.forEach((timer) => clearTimeout(timer));
    timers.clear();
    const left = kept();
    if (left.length === 0) return say("All changes saved", "saved");
    say("Saving…", "saving");
    report(await Promise.all(left.map((e) => sendKey(e.key))));
  };

  const bind = () => {
    noteForms().forEach((form) => {
      const area = form.elements.text;
      const key = formKey(form);
      area.addEventListener("input", () => {
        if (conflicts.has(key)) {
          form.querySelector("[data-yours]").textContent = area.value;
          remember(form);
          return;
        }
        remember(form);
        say("Not saved yet…", "dirty");
        clearTimeout(timers.get(form));
        timers.set(
          form,
          setTimeout(async () => report([await sendKey(key)]), PAUSE_MS),
        );
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        remember(form);
        saveAll();
      });
      form.querySelectorAll("[data-keep]").forEach((button) =>
        button.addEventListener("click", () => {
          const view = form.querySelector(".conflict-view");
          if (button.dataset.keep === "theirs") area.value = view.dataset.text;
          form.elements.version.value = view.dataset.version; // now on top of the saved one
          view.hidden = true;
          conflicts.delete(key);
          remember(form);
          saveAll();
        }),
      );
      // Reopened after a crash or a closed tab: what this device kept goes back in the box,
      // and a conflict met while elsewhere is asked for again, to show both versions here.
      conflicts.delete(key);
      const entry = store.read(key);
      if (entry) {
        if (entry.text !== area.value) {
          area.value = entry.text;
          form.elements.version.value = entry.version;
        }
      }
    });
  };

  // Another question, without a page load: save first, then swap the question's block.
  const go = async (url, push = true) => {
    await saveAll();
    if (kept().some((e) => conflicts.has(e.key) && noteForms().some((f) => formKey(f) === e.key))) {
      say("Two versions of a note: choose which to keep before moving on", "conflict");
      return;
    }
    let response;
    try {
      response = await fetch(url, { headers: { "X-Question-Block": "1" }, credentials: "same-origin" });
    } catch {
      say("Offline: the next question cannot be loaded yet; your notes are kept on this device", "offline");
      return;
    }
    if (!response.ok) {
      window.location.assign(url); // let the server's page say what is wrong
      return;
    }
    block.innerHTML = await response.text();
    if (push) history.pushState({ question: true }, "", url);
    bind();
    if (kept().length) saveAll();
    const first = block.querySelector("textarea[data-shortcut]");
    if (first) first.focus();
    else block.querySelector("#question-text")?.focus();
  };

  bind();
  saveAll();
  window.addEventListener("online", saveAll);
  window.addEventListener("popstate", () => go(window.location.href, false));

  block.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-nav]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    go(link.href);
  });

  // Any other way off the page (a link, a form) waits for the notes to be saved first.
  document.addEventListener("click", async (event) => {
    const link = event.target.closest("a[href]:not([data-nav])");
    if (!link || link.target || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (kept().length === 0) return;
    event.preventDefault();
    await saveAll();
    window.location.assign(link.href);
  });

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.classList.contains("note-box") || !root.contains(form)) return;
    event.preventDefault();
    await saveAll();
    const left = kept();
    if (form.matches("[data-complete]")) {
      // The server refuses too (these are sent along), so the words are never left behind.
      form.elements.kept.value = JSON.stringify(
        left.map((e) => ({ question: e.question, kind: e.kind, version: e.version })),
      );
      if (left.length) {
        say(
          `Not completed: ${left.length === 1 ? "a note is" : `${left.length} notes are`} not saved ` +
            "yet, or has two versions to choose between. Your text is kept on this device.",
          "error",
        );
        return;
      }
    }
    form.submit();
  });

  // Leaving some other way (closing the tab, reloading): hand the server what is left.
  window.addEventListener("pagehide", () => {
    noteForms().forEach((form) => {
      if (store.read(formKey(form)) && !conflicts.has(formKey(form))) {
        navigator.sendBeacon(saveUrl, new FormData(form));
      }
    });
  });

  // Keys: Alt+arrows move between questions, Alt+1..3 jump to a kind of note, Alt+U flags
  // what was just said as urgent.
  document.addEventListener("keydown", (event) => {
    if (!event.altKey) return;
    const nav = { ArrowRight: "next", ArrowLeft: "prev" }[event.key];
    if (nav) {
      const link = block.querySelector(`[data-nav=${nav}]`);
      if (link) {
        event.preventDefault();
        go(link.href);
      }
      return;
    }
    // By the physical key: on a Mac, Option with a letter or digit types a symbol instead.
    if (event.code === "KeyU") {
      const flag = block.querySelector("#urgent-flag");
      if (!flag) return;
      event.preventDefault();
      const area = document.activeElement;
      const passage = flag.querySelector("textarea[name=passage]");
      if (area && area.matches("textarea[data-shortcut]") && area.selectionEnd > area.selectionStart) {
        passage.value = area.value.slice(area.selectionStart, area.selectionEnd);
      }
      flag.open = true;
      flag.querySelector("select").focus();
      return;
    }
    const digit = event.code.startsWith("Digit") ? event.code.slice(5) : event.key;
    const area = block.querySelector(`textarea[data-shortcut="${digit}"]`);
    if (area) {
      event.preventDefault();
      area.focus();
    }
  });
})();
