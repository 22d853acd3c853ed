// The buyer's survey: each answer goes to the server as it is given, so a closed tab loses
// nothing. Radios save on change, text when the buyer leaves the box (and after a pause in
// typing). The form still posts whole without this script.
(() => {
  const form = document.getElementById("survey");
  if (!form) return;
  const url = form.dataset.answerUrl;
  const status = form.querySelector(".save-status");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const say = (text) => { status.textContent = text; };

  // The error shown beside a question, tied to its inputs for screen readers.
  const showError = (input, message) => {
    const group = input.closest("fieldset") || input.parentElement;
    const id = `err-${input.name}`;
    let note = document.getElementById(id);
    if (!message) {
      note?.remove();
      group.removeAttribute("aria-invalid");
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.id = id;
      note.className = "error";
      group.appendChild(note);
    }
    note.textContent = message;
    group.setAttribute("aria-invalid", "true");
    group.setAttribute("aria-describedby", id);
  };

  const save = async (input) => {
    say(form.dataset.saving);
    const data = new FormData();
    data.append("field", input.name);
    data.append("value", input.type === "radio" && !input.checked ? "" : input.value);
    try {
      const response = await fetch(url, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json", "X-CSRFToken": csrf },
        credentials: "same-origin",
      });
      const body = await response.json().catch(() => ({}));
      showError(input, response.ok ? "" : body.error || "");
      say(response.ok ? form.dataset.saved : body.error || form.dataset.offline);
    } catch {
      say(form.dataset.offline);
    }
  };

  const timers = new Map();
  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.name && input.name !== "csrfmiddlewaretoken") save(input);
  });
  form.addEventListener("input", (event) => {
    const input = event.target;
    if (input.type === "radio" || !input.name) return;
    clearTimeout(timers.get(input.name));
    timers.set(input.name, setTimeout(() => save(input), 800));
  });
})();
