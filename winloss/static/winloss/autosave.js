// What every page that saves as people type shares (the interview's notes, analysts' memos):
// one POST to the page's autosave endpoint, saves of one record that never cross, the words
// this device keeps until the server has them, and the line that says where things stand.
// Each page's own script decides what a record is and how a conflict is shown.
(() => {
  const csrf = () => document.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";

  // One POST asking for JSON: {status, ok, body}, or null when the connection is down.
  const post = async (url, fields) => {
    const data = new FormData();
    Object.entries(fields).forEach(([name, value]) => data.append(name, value));
    try {
      const response = await fetch(url, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json", "X-CSRFToken": csrf() },
        credentials: "same-origin",
      });
      return { status: response.status, ok: response.ok, body: await response.json().catch(() => ({})) };
    } catch {
      return null;
    }
  };

  // Jobs given the same key run one after the other, so two saves of one record never cross.
  const serial = () => {
    const queues = new Map();
    return (key, job) => {
      const next = (queues.get(key) || Promise.resolve()).then(job, job);
      queues.set(key, next);
      return next;
    };
  };

  // What this device holds unsent, under keys that start with `prefix`: it outlives a closed
  // tab, a crash or a dropped connection, and goes once the server has the words.
  const keeper = (prefix) => ({
    read(key) {
      try {
        return JSON.parse(localStorage.getItem(key));
      } catch {
        localStorage.removeItem(key);
        return null;
      }
    },
    write(key, entry) {
      localStorage.setItem(key, JSON.stringify(entry));
    },
    forget(key) {
      localStorage.removeItem(key);
    },
    // Every entry kept under the prefix: {key, rest (the key after the prefix), entry}.
    all() {
      const keys = [];
      for (let i = 0; i < localStorage.length; i += 1) {
        const key = localStorage.key(i);
        if (key && key.startsWith(prefix)) keys.push(key);
      }
      // Read after listing: an unreadable entry is removed, which would shift the indexes.
      return keys
        .map((key) => ({ key, rest: key.slice(prefix.length), entry: this.read(key) }))
        .filter((found) => found.entry);
    },
  });

  // A function that puts a sentence in the page's status line (role=status) and its state
  // in data-state, for the style: saved, saving, dirty, offline, conflict, error.
  const status = (element) => (text, kind) => {
    element.textContent = text;
    element.dataset.state = kind;
  };

  window.winlossAutosave = { PAUSE_MS: 700, RETRY_MS: 4000, post, serial, keeper, status };
})();
