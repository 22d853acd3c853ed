// A memo's page: the memo (title and words together) saves on every pause in typing, this
// device keeps what has not reached the server (a closed tab, a crash, a dropped connection
// lose nothing), and a version someone else saved meanwhile is shown beside yours instead of
// being overwritten. The parts every autosaving page shares are autosave.js; without either
// script the form's Save button posts the same fields.
(() => {
  const form = document.getElementById("memo-editor");
  if (!form || !window.winlossAutosave) return;
  const { PAUSE_MS, RETRY_MS, post, serial, keeper, status } = window.winlossAutosave;
  const store = keeper("winloss:memo:");
  const key = `winloss:memo:${form.dataset.memo}`;
  const say = status(document.getElementById("save-state"));
  const preview = document.getElementById("memo-preview");
  const heading = document.getElementById("memo-title");
  const view = form.querySelector(".conflict-view");
  const queued = serial();
  const { title, text, version } = form.elements;
  let timer = null;
  let retry = null;
  let theirs = null; // the newer saved version while the person chooses, else null

  const remember = () =>
    store.write(key, { title: title.value, text: text.value, version: Number(version.value), at: Date.now() });

  const showSaved = (saved) => {
    preview.innerHTML = saved.html; // rendered by the server, where raw HTML is escaped
    heading.textContent = saved.title;
  };

  const showYours = () => {
    view.querySelector("[data-yours-title]").textContent = title.value;
    view.querySelector("[data-yours]").textContent = text.value;
  };

  const showConflict = (saved) => {
    theirs = saved;
    view.querySelector("[data-by]").textContent = saved.saved_by || "someone";
    view.querySelector("[data-theirs-title]").textContent = saved.title;
    view.querySelector("[data-theirs]").textContent = saved.text;
    showYours();
    view.hidden = false;
    say("Two versions of this memo: choose which to keep", "conflict");
  };

  // Send what the device holds, if anything; one save at a time.
  const send = () =>
    queued(key, async () => {
      clearTimeout(timer);
      if (theirs) return;
      if (!store.read(key)) {
        say("All changes saved", "saved");
        return;
      }
      say("Saving…", "saving");
      const sent = { title: title.value, text: text.value, version: version.value };
      const result = await post(form.action, sent);
      if (result === null) {
        say("Offline: your memo is kept on this device and will be sent when the connection returns", "offline");
        clearTimeout(retry);
        retry = setTimeout(send, RETRY_MS);
        return;
      }
      if (result.status === 409) {
        showConflict(result.body);
        return;
      }
      if (!result.ok) {
        say(`Not saved: ${result.body.error || "the server refused the memo"}. Your text is kept on this device.`, "error");
        return;
      }
      version.value = result.body.version;
      showSaved(result.body);
      if (title.value === sent.title && text.value === sent.text) {
        store.forget(key);
        say("All changes saved", "saved");
      } else {
        remember(); // typed on while it was sent: now on top of the version just saved
        schedule();
      }
    });

  const schedule = () => {
    say("Not saved yet…", "dirty");
    clearTimeout(timer);
    timer = setTimeout(send, PAUSE_MS);
  };

  [title, text].forEach((field) =>
    field.addEventListener("input", () => {
      remember();
      if (theirs) showYours();
      else schedule();
    }),
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    remember();
    send();
  });

  view.querySelectorAll("[data-keep]").forEach((button) =>
    button.addEventListener("click", () => {
      const saved = theirs;
      theirs = null;
      view.hidden = true;
      version.value = saved.version; // now on top of the saved one
      if (button.dataset.keep === "theirs") {
        title.value = saved.title;
        text.value = saved.text;
        store.forget(key);
        showSaved(saved);
        say("All changes saved", "saved");
        return;
      }
      remember();
      send();
    }),
  );

  // Reopened after a crash or a closed tab: what this device kept goes back in the form.
  const kept = store.read(key);
  if (kept && (kept.title !== title.value || kept.text !== text.value)) {
    title.value = kept.title;
    text.value = kept.text;
    version.value = kept.version;
    send();
  } else if (kept) {
    store.forget(key);
  }
  window.addEventListener("online", send);

  // A link off the page waits for the memo to be saved first.
  document.addEventListener("click", async (event) => {
    const link = event.target.closest("a[href]");
    if (!link || link.target || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (!store.read(key) || theirs) return;
    event.preventDefault();
    await send();
    window.location.assign(link.href);
  });

  // Leaving some other way (closing the tab, reloading): hand the server what is left.
  window.addEventListener("pagehide", () => {
    if (store.read(key) && !theirs) navigator.sendBeacon(form.action, new FormData(form));
  });
})();
