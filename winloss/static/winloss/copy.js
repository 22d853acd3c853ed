// A "Copy" button beside a read-only field (data-copy names the field); without JavaScript
// the field can still be selected and copied by hand.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
        button.textContent = "Copied";
      } catch {
        button.textContent = "Select and copy";
      }
    });
  });
  document.querySelectorAll("input[readonly]").forEach((field) => {
    field.addEventListener("focus", () => field.select());
  });
});
