// The coding screen: select words in a passage (or focus a passage and press C for all of
// it), then 1–9 picks the theme, W/L/N the direction and Enter saves (from the competitor list
// too). J and K move to the next and previous passage not coded yet. The form sends the
// selection's character offsets within the passage and the selected text; the server checks
// that the text is exactly passage[start:end]. Without this script the same form works with
// typed positions.
(() => {
  const form = document.getElementById("code-form");
  if (!form) return;
  const selected = form.querySelector("[data-selected]");
  const closeButton = form.querySelector("[data-close]");
  const home = form.parentElement;
  let current = null;

  form.classList.add("floating");
  form.querySelector(".manual").hidden = true;
  form.hidden = true;
  form.tabIndex = -1;
  closeButton.hidden = false;

  const passageOf = (node) => {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(".passage[data-passage]") : null;
  };

  // Offsets count characters of the passage's text, as Python's str does for the text the
  // server holds (both count UTF-16 code units only for characters outside the BMP: rare in
  // notes, and then the server's check refuses the code instead of saving other words).
  const offsets = (passage, range) => {
    const before = document.createRange();
    before.selectNodeContents(passage);
    before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length;
    return [start, start + range.toString().length];
  };

  // Choices made for a passage and then abandoned (Esc, another selection) must not slip
  // into the next excerpt: a competitor carried over would be saved against the wrong words.
  const clearChoices = () => {
    form.querySelectorAll("input[type=radio]").forEach((radio) => {
      radio.checked = false;
    });
    form.elements.competitor.value = "";
  };

  const open = (passage, start, end) => {
    const text = passage.textContent.slice(start, end);
    if (!text.trim()) return false;
    const same =
      current === passage &&
      !form.hidden &&
      form.elements.start.value === String(start) &&
      form.elements.end.value === String(end);
    if (!same) clearChoices();
    current = passage;
    form.elements.passage.value = passage.dataset.passage;
    form.elements.start.value = start;
    form.elements.end.value = end;
    form.elements.text.value = text;
    selected.textContent = `“${text}”`;
    passage.closest(".passage-item").append(form);
    form.hidden = false;
    form.focus();
    return true;
  };

  const close = () => {
    clearChoices();
    form.hidden = true;
    home.append(form);
    if (current) current.focus();
    current = null;
  };

  const fromSelection = () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return false;
    const range = selection.getRangeAt(0);
    const passage = passageOf(range.commonAncestorContainer);
    if (!passage) return false; // a selection across passages is not one excerpt
    const [start, end] = offsets(passage, range);
    return open(passage, start, end);
  };

  const typing = (target) => target.closest("input, select, textarea, [contenteditable]");

  document.addEventListener("mouseup", (event) => {
    if (passageOf(event.target)) fromSelection();
  });

  // The next (J) or previous (K) passage with no code yet, from where the focus is.
  const jump = (step) => {
    const passages = [...document.querySelectorAll(".passage[data-passage]")];
    const here = passages.indexOf(passageOf(document.activeElement) || current);
    for (let i = 1; i <= passages.length; i += 1) {
      const at = (((here < 0 && step < 0 ? 0 : here) + step * i) % passages.length + passages.length) % passages.length;
      if (!passages[at].closest(".passage-item").classList.contains("coded")) {
        if (!form.hidden) close();
        passages[at].focus();
        passages[at].scrollIntoView({ block: "center" });
        return true;
      }
    }
    return false;
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || form.contains(event.target)) return;
    if (typing(event.target)) return;
    if (event.key === "j" || event.key === "k") {
      if (jump(event.key === "j" ? 1 : -1)) event.preventDefault();
      return;
    }
    if (event.key !== "c" && event.key !== "C" && event.key !== "Enter") return;
    if (fromSelection()) {
      event.preventDefault();
      return;
    }
    const passage = passageOf(event.target);
    if (passage && open(passage, 0, passage.textContent.length)) event.preventDefault();
  });

  form.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.target.tagName === "BUTTON") return;
    if (event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (event.target.tagName === "SELECT") return; // letters there pick a competitor by name
    const key = event.key.length === 1 ? event.key.toUpperCase() : "";
    const choice = key && form.querySelector(`input[type=radio][data-key="${key}"]`);
    if (choice) {
      event.preventDefault();
      choice.checked = true;
    }
  });

  closeButton.addEventListener("click", close);
})();
