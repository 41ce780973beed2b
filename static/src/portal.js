/* The portal's few behaviours, as data- attributes instead of inline handlers, so that
   the Content-Security-Policy (script-src 'self') holds on every page. Listeners sit on
   the document, so content htmx swaps in later works too. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    const el = event.target;
    if (el.matches("[data-autosubmit]")) {
      el.form.submit();
    } else if (el.matches("[data-navigate]")) {
      window.location = el.value;
    }
  });

  document.addEventListener("click", function (event) {
    const printButton = event.target.closest("[data-print]");
    if (printButton) {
      window.print();
      return;
    }
    // Meeting minutes: keep my text over a newer saved version (meetings/_save_status.html).
    const keepMine = event.target.closest("[data-keep-mine]");
    if (keepMine) {
      document.getElementById(keepMine.dataset.keepMine).value = keepMine.dataset.version;
      window.htmx.trigger(keepMine.closest("form"), "submit");
    }
  });

  // The report request form shows only the options of the chosen kind of report.
  function syncReportKind() {
    const kind = document.getElementById("id_kind");
    if (!kind) return;
    document.querySelectorAll("[data-report-kinds]").forEach(function (el) {
      el.hidden = !el.dataset.reportKinds.split(" ").includes(kind.value);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "id_kind") syncReportKind();
  });
  document.addEventListener("DOMContentLoaded", syncReportKind);

  // A round's committee: choosing an evaluator proposes the position in their account,
  // which may then be edited (evaluations/round_detail.html).
  document.addEventListener("change", function (event) {
    const el = event.target;
    if (!el.matches("[data-positions]")) return;
    const target = document.getElementById(el.dataset.positionTarget);
    if (target) target.value = JSON.parse(el.dataset.positions)[el.value] || "";
  });
})();
