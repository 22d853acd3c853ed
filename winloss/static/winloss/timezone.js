// The respondent's page: show times in the browser's own time zone unless one was chosen.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("tz");
  if (!select) return;
  const params = new URLSearchParams(window.location.search);
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!params.has("tz") && local && local !== select.value &&
      [...select.options].some((o) => o.value === local)) {
    params.set("tz", local);
    window.location.replace(`${window.location.pathname}?${params}`);
    return;
  }
  select.addEventListener("change", () => select.form.submit());
});
