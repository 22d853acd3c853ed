// The respondent's page: show times in the browser's own time zone unless one was chosen.
// The server turns an old name a browser may report (Asia/Calcutta) into the current one.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("tz");
  if (!select) return;
  const params = new URLSearchParams(window.location.search);
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!params.has("tz") && local && local !== select.value) {
    params.set("tz", local);
    window.location.replace(`${window.location.pathname}?${params}`);
    return;
  }
  select.addEventListener("change", () => select.form.submit());
});
