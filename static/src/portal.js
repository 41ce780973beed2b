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
  // A table that scrolls sideways and holds nothing to focus can still be scrolled from
  // the keyboard: it takes the focus itself (WCAG 2.1.1).
  function focusableScrollers(root) {
    root.querySelectorAll(".table-responsive").forEach(function (box) {
      const scrolls = box.scrollWidth > box.clientWidth;
      if (scrolls && !box.querySelector("a[href], button, input, select, textarea, [tabindex]")) {
        box.tabIndex = 0;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { focusableScrollers(document); });

  // --- Errors in view (GOV.UK's error summary, templates/_error_summary.html) ---------
  // A page that comes back with errors puts the focus on its summary, so that it is
  // read first; a partial form (htmx) that comes back with errors puts it on the first
  // field in error, where the person goes on typing.
  document.addEventListener("DOMContentLoaded", function () {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
  // A summary's link puts the focus in its field, with the field's label in view.
  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    const label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    const swapped = event.detail.elt;
    if (!swapped || !swapped.querySelector) return;
    const first = swapped.querySelector("[aria-invalid='true'], .is-invalid") ||
      swapped.querySelector("[data-error-summary]");
    if (first) first.focus();
  });

  // --- Typed text kept -------------------------------------------------------------
  // A form marked data-autosave (an agenda item of the minutes) saves as one types
  // (htmx, after a pause), when a field loses focus, and when the page is left: then
  // with fetch(keepalive), which the browser finishes after the page is gone. The
  // browser warns before leaving only when the text cannot be sent (offline, or the last
  // save was refused), and on any other form whose typed text was not submitted.
  const dirty = new Set();
  const failed = new Set();

  document.addEventListener("input", function (event) {
    const el = event.target;
    const form = el.form;
    if (!form) return;
    // Long text only, outside the minutes: a search box or a filter is not work to lose.
    if (form.matches("[data-autosave]") || (el.matches("textarea") && form.method === "post")) {
      dirty.add(form);
    }
  });
  document.addEventListener("submit", function (event) {
    dirty.delete(event.target);
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    const form = event.detail.elt;
    if (form.matches && form.matches("form[data-autosave]")) dirty.delete(form);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.detail.elt;
    if (!form.matches || !form.matches("form[data-autosave]")) return;
    const xhr = event.detail.xhr;
    const refused = !event.detail.successful || /alert|text-danger/.test(xhr.responseText || "");
    if (refused) failed.add(form);
    else failed.delete(form);
  });
  document.addEventListener("focusout", function (event) {
    const form = event.target.form;
    if (form && form.matches("[data-autosave]") && dirty.has(form) && !form.contains(event.relatedTarget)) {
      window.htmx.trigger(form, "submit");
    }
  });

  let sentOnLeaving = false;
  function saveOnLeaving() {
    dirty.forEach(function (form) {
      if (!form.matches("[data-autosave]") || !form.isConnected) return;
      fetch(form.getAttribute("hx-post") || form.action, {
        method: "POST",
        body: new FormData(form),  // carries csrfmiddlewaretoken and the version
        headers: { "HX-Request": "true" },
        credentials: "same-origin",
        keepalive: true,
      });
      dirty.delete(form);
      sentOnLeaving = true;
    });
  }
  window.addEventListener("beforeunload", function (event) {
    const unsendable = Array.from(dirty).some(function (form) {
      return form.isConnected && (!form.matches("[data-autosave]") || !navigator.onLine);
    }) || Array.from(failed).some(function (form) { return form.isConnected; });
    if (navigator.onLine) saveOnLeaving();
    if (unsendable) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  window.addEventListener("pagehide", saveOnLeaving);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") saveOnLeaving();
  });
  // Back from the browser's page cache after a save on leaving: the versions shown are
  // old, so the next save would look like someone else's; load the page afresh.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && sentOnLeaving) window.location.reload();
  });
})();

// A select whose options belong to a choice made above it (a district to its province):
// <select data-options-follow="id_province"> with <option data-province="48">. Only the
// options of the chosen province are offered; a choice of another province is cleared.
(() => {
  document.querySelectorAll("select[data-options-follow]").forEach((select) => {
    const source = document.getElementById(select.dataset.optionsFollow);
    if (!source) return;
    const follow = () => {
      for (const option of select.options) {
        if (!option.dataset.province) continue;
        const other = source.value !== "" && option.dataset.province !== source.value;
        option.hidden = other;
        option.disabled = other;
      }
      if (select.selectedOptions[0] && select.selectedOptions[0].disabled) select.value = "";
    };
    source.addEventListener("change", follow);
    follow();
  });
})();
