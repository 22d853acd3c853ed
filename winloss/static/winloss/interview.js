// The interview screen: notes save on every pause in typing, this device keeps whatever has
// not reached the server (a closed tab, a crash, a dropped connection lose nothing), and a
// note someone else saved meanwhile is shown beside yours instead of being overwritten.
(() => {
  const root = document.querySelector(".interview");
  if (!root) return;
  const saveUrl = root.dataset.saveUrl;
  const state = document.getElementById("save-state");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const PAUSE_MS = 700;
  const RETRY_MS = 4000;
  const pending = new Set();

  const storeKey = (form) =>
    `winloss:note:${root.dataset.interview}:${form.elements.question.value || "general"}:${form.elements.kind.value}`;

  const say = (text, kind) => {
    state.textContent = text;
    state.dataset.state = kind;
  };

  const remember = (form) => {
    const entry = {
      text: form.elements.text.value,
      version: Number(form.elements.version.value),
      at: Date.now(),
    };
    localStorage.setItem(storeKey(form), JSON.stringify(entry));
    pending.add(form);
  };

  const forget = (form) => {
    localStorage.removeItem(storeKey(form));
    pending.delete(form);
  };

  const showMentions = (form, mentions) => {
    const box = form.querySelector(".mentions");
    box.replaceChildren(
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
    pending.delete(form); // nothing more is sent until the person chooses
    say("Two versions of a note: choose which to keep", "conflict");
  };

  const send = async (form) => {
    const data = new FormData(form);
    say("Saving…", "saving");
    let response;
    try {
      response = await fetch(saveUrl, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json", "X-CSRFToken": csrf },
        credentials: "same-origin",
      });
    } catch {
      say("Offline: your notes are kept on this device and will be sent when the connection returns", "offline");
      setTimeout(flush, RETRY_MS);
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (response.status === 409) {
      showConflict(form, body);
      return;
    }
    if (!response.ok) {
      say(body.error || "Not saved: the server refused this note. Your text is kept on this device.", "error");
      return;
    }
    form.elements.version.value = body.version;
    // Only forget what the server now has: typing may have gone on during the request.
    if (form.elements.text.value === data.get("text")) forget(form);
    else remember(form);
    showMentions(form, body.mentions || []);
    if (pending.size === 0) say("All changes saved", "saved");
  };

  const flush = () => pending.forEach((form) => send(form));

  document.querySelectorAll(".note-box").forEach((form) => {
    const area = form.elements.text;
    let timer;
    area.addEventListener("input", () => {
      remember(form);
      say("Not saved yet…", "dirty");
      clearTimeout(timer);
      timer = setTimeout(() => send(form), PAUSE_MS);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(form);
    });
    form.querySelectorAll("[data-keep]").forEach((button) =>
      button.addEventListener("click", () => {
        const view = form.querySelector(".conflict-view");
        if (button.dataset.keep === "theirs") area.value = view.dataset.text;
        form.elements.version.value = view.dataset.version; // now on top of the saved one
        view.hidden = true;
        remember(form);
        send(form);
      }),
    );
    // Reopened after a crash or a closed tab: what this device kept goes back in and is sent.
    const kept = localStorage.getItem(storeKey(form));
    if (kept) {
      const entry = JSON.parse(kept);
      if (entry.text !== area.value) {
        area.value = entry.text;
        form.elements.version.value = entry.version;
      }
      pending.add(form);
    }
  });

  window.addEventListener("online", flush);
  if (pending.size) flush();

  // Keys: Alt+arrows move between questions, Alt+1..3 jump to a kind of note.
  document.addEventListener("keydown", (event) => {
    if (!event.altKey) return;
    const nav = { ArrowRight: "next", ArrowLeft: "prev" }[event.key];
    if (nav) {
      const link = document.querySelector(`[data-nav=${nav}]`);
      if (link) {
        event.preventDefault();
        link.click();
      }
      return;
    }
    const area = document.querySelector(`textarea[data-shortcut="${event.key}"]`);
    if (area) {
      event.preventDefault();
      area.focus();
    }
  });
})();
