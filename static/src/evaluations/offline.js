// Evaluators' screens that work with no signal.
//
// - Registers the service worker (templates/evaluations/sw.js, scope "/": offline, every
//   page of the portal falls back to its offline page) and asks it to keep every assigned
//   scoring page listed on the page (data-precache).
// - The scoring form checks each score against its maximum as it is typed, keeps a
//   running total, and keeps a draft in the phone so nothing typed is lost.
// - Saving puts the whole sheet (and its photos, as blobs) in IndexedDB with an id made
//   here; a sender posts the queue to the API whenever the phone is online: on load,
//   on the "online" event and every 15 seconds. The API treats an id it has seen as
//   done, so a retry after a timeout never makes a second record.
// - Each sheet has a state the page shows ([data-sheet-states]): saved on the phone,
//   sending, sent (with the time the server accepted it: "ส่งถึงระบบแล้ว"), or refused
//   (with the server's reason). A sent sheet leaves the queue for the "sent" store, kept
//   a week so that the evaluator can see it arrived.
// - Everything kept belongs to the user signed in (<meta name="offline-user">): the queue and
//   the drafts carry their key, so on a shared phone nobody else's pages open them
//   (static/src/evaluations/shared_phone.js clears other users' storage). The service
//   worker's offline page names nobody: it shows (read only) the queue of the user the
//   worker knows signed in last ([data-offline-shell]).
"use strict";

(() => {
  const script = document.currentScript;
  const ownerMeta = document.querySelector('meta[name="offline-user"]');
  const shell = document.querySelector("[data-offline-shell]");
  // Only signed-in pages and the offline page load this script; without an owner it keeps nothing.
  if (!(ownerMeta && ownerMeta.content) && !shell) return;
  const STATE_CACHE = "evaluations-state";
  const SUBMISSIONS = "submissions";
  const PHOTOS = "photos";
  const SENT = "sent";
  const RETRY_MS = 15000;
  const RETRY_AFTER_FAILURE_MS = 3000;
  const SENT_KEPT_MS = 7 * 24 * 3600 * 1000;

  async function keptUser() {
    if (!window.caches || !script.dataset.stateUser) return "";
    const kept = await (await caches.open(STATE_CACHE)).match(script.dataset.stateUser);
    return kept ? (await kept.text()) : "";
  }

  async function databaseExists(name) {
    if (!indexedDB.databases) return true;
    return (await indexedDB.databases()).some((db) => db.name === name);
  }

  async function begin() {
    const user = ownerMeta && ownerMeta.content ? ownerMeta.content : await keptUser();
    const readOnly = !(ownerMeta && ownerMeta.content);
    const dbName = `portal-evaluations-${user}`;
    if (!user || (readOnly && !(await databaseExists(dbName)))) {
      document.querySelectorAll("[data-offline-empty]").forEach((note) => { note.hidden = false; });
      document.documentElement.dataset.offlineShown = "true";
      return;
    }
    run(user, readOnly, dbName);
  }

  function run(user, readOnly, DB_NAME) {
  const dbPromise = idb.openDB(DB_NAME, 2, {
    upgrade(db) {
      for (const store of [SUBMISSIONS, PHOTOS, SENT]) {
        if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, { keyPath: "client_id" });
      }
    },
  });

  // A token of this page's session: one kept with an item may be from before a new sign-in.
  function currentCsrf(item) {
    const field = document.querySelector("[name=csrfmiddlewaretoken]");
    if (field && field.value) return field.value;
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || item.csrf;
    } catch (error) {
      return item.csrf;
    }
  }

  // crypto.randomUUID needs a secure context; getRandomValues does not.
  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, key) => values[key]);
  }

  // --- Status: network and queue ------------------------------------------------------

  const statusBoxes = () => document.querySelectorAll("[data-offline-status]");

  function when(iso) {
    const date = new Date(iso);
    // th-TH writes the Buddhist-era year, as the server's pages do.
    return `${date.toLocaleDateString("th-TH", { day: "numeric", month: "short", year: "numeric" })} ${date.toLocaleTimeString("th-TH", { hour: "2-digit", minute: "2-digit" })}`;
  }

  // One line per sheet: what it is, and where it stands.
  function sheetLine(box, item) {
    const li = document.createElement("li");
    li.className = "sheet-state d-flex flex-wrap gap-2 align-items-baseline";
    li.dataset.sheetState = item.state;
    li.dataset.clientId = item.client_id;
    const badge = document.createElement("span");
    const label = document.createElement("span");
    label.textContent = item.label;
    const detail = document.createElement("span");
    detail.className = "small";
    const styles = { saved: "text-bg-warning", sending: "text-bg-info", sent: "text-bg-success", refused: "text-bg-danger" };
    badge.className = `badge ${styles[item.state]}`;
    if (item.state === "sent") {
      badge.textContent = box.dataset.msgSent;
      detail.textContent = format(box.dataset.msgSentAt, { time: when(item.sent_at) });
    } else if (item.state === "refused") {
      badge.textContent = box.dataset.msgRefused;
      detail.textContent = item.error;
    } else if (item.state === "sending") {
      badge.textContent = box.dataset.msgSending;
    } else {
      badge.textContent = box.dataset.msgSavedOnPhone;
      detail.textContent = format(box.dataset.msgSavedAt, { time: when(item.edited_at) });
    }
    li.append(badge, label, detail);
    return li;
  }

  function stateOf(item) {
    if (item.state) return item.state;
    return item.error ? "refused" : "saved";
  }

  async function showStatus() {
    const db = await dbPromise;
    const submissions = await db.getAll(SUBMISSIONS);
    const sent = await db.getAll(SENT);
    const photos = await db.count(PHOTOS);
    const sheets = [...submissions.map((item) => ({ ...item, state: stateOf(item) })), ...sent.map((item) => ({ ...item, state: "sent" }))]
      .sort((a, b) => (b.sent_at || b.edited_at).localeCompare(a.sent_at || a.edited_at));
    const waiting = submissions.filter((item) => stateOf(item) !== "refused").length;
    statusBoxes().forEach((box) => {
      const count = box.querySelector("[data-queue-count]");
      const photoCount = box.querySelector("[data-photo-queue-count]");
      photoCount.textContent = format(box.dataset.msgPhotos, { count: photos });
      photoCount.classList.toggle("d-none", photos === 0);
      const network = box.querySelector("[data-network]");
      const errors = box.querySelector("[data-queue-errors]");
      count.textContent = format(box.dataset.msgWaiting, { count: waiting });
      count.classList.toggle("d-none", waiting === 0);
      network.textContent = box.dataset.msgOffline;
      network.classList.toggle("d-none", navigator.onLine);
      errors.replaceChildren(
        ...(needsLogin ? [box.dataset.msgLogin] : []).map((line) => {
          const li = document.createElement("li");
          li.textContent = line;
          return li;
        }),
      );
      const list = box.querySelector("[data-sheet-states]");
      if (list) {
        const visit = box.dataset.visit ? Number(box.dataset.visit) : null;
        const shown = sheets.filter((item) => visit === null || item.visit === visit);
        list.replaceChildren(...shown.map((item) => sheetLine(box, item)));
        list.classList.toggle("d-none", shown.length === 0);
      }
    });
    // The note shown when a sheet was saved follows its sheet.
    document.querySelectorAll("[data-saved-note]").forEach((note) => {
      const done = sent.find((item) => item.client_id === note.dataset.savedNote);
      const box = statusBoxes()[0];
      if (done && box) note.textContent = `${box.dataset.msgSent} ${format(box.dataset.msgSentAt, { time: when(done.sent_at) })}`;
    });
    document.querySelectorAll("[data-offline-empty]").forEach((note) => { note.hidden = sheets.length > 0 || photos > 0; });
    document.documentElement.dataset.offlineShown = "true";
  }

  // --- Sending the queue ----------------------------------------------------------------

  let sending = false;
  let needsLogin = false;

  function errorText(body) {
    if (!body || typeof body !== "object") return "";
    return Object.values(body).flat().map((value) => (typeof value === "object" ? errorText(value) : value)).join(" ");
  }

  async function post(url, item, body, headers) {
    const response = await fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": currentCsrf(item), Accept: "application/json", ...headers },
    });
    needsLogin = false;
    if (response.ok) return { done: true };
    if (response.status === 400 || response.status === 404) {
      const detail = await response.json().catch(() => ({}));
      return { done: false, error: errorText(detail) || response.statusText };
    }
    // 401/403: the session ended; 5xx: the server is unwell. Keep everything, try later.
    needsLogin = response.status === 401 || response.status === 403;
    return { done: false, stop: true, status: response.status };
  }

  async function sendQueue() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      const db = await dbPromise;
      for (const item of await db.getAll(SUBMISSIONS)) {
        // A refused sheet would be refused again: it waits, with the reason shown.
        if (stateOf(item) === "refused") continue;
        const { csrf, url, label, error, state, ...payload } = item;
        await db.put(SUBMISSIONS, { ...item, state: "sending" });
        await showStatus();
        let outcome;
        try {
          outcome = await post(url, item, JSON.stringify(payload), { "Content-Type": "application/json" });
        } catch (failure) {
          await db.put(SUBMISSIONS, { ...item, state: "saved" });
          throw failure;
        }
        if (outcome.done) {
          const receipt = { client_id: item.client_id, visit: item.visit, label, edited_at: item.edited_at, sent_at: new Date().toISOString() };
          const tx = db.transaction([SUBMISSIONS, SENT], "readwrite");
          await Promise.all([tx.objectStore(SUBMISSIONS).delete(item.client_id), tx.objectStore(SENT).put(receipt), tx.done]);
        } else if (outcome.stop) {
          await db.put(SUBMISSIONS, { ...item, state: "saved" });
          break;
        } else {
          await db.put(SUBMISSIONS, { ...item, state: "refused", error: outcome.error });
        }
      }
      const old = Date.now() - SENT_KEPT_MS;
      for (const receipt of await db.getAll(SENT)) {
        if (Date.parse(receipt.sent_at) < old) await db.delete(SENT, receipt.client_id);
      }
      for (const photo of await db.getAll(PHOTOS)) {
        const form = new FormData();
        for (const key of ["client_id", "visit", "caption", "taken_at", "latitude", "longitude"]) {
          if (photo[key] !== null && photo[key] !== undefined && photo[key] !== "") form.append(key, photo[key]);
        }
        form.append("image", photo.blob, photo.name || "photo.jpg");
        const outcome = await post(photo.url, photo, form, {});
        if (outcome.done || (!outcome.stop && outcome.error)) await db.delete(PHOTOS, photo.client_id);
        if (outcome.stop) break;
      }
    } catch (error) {
      // Offline in the middle, or a timeout: everything not yet confirmed stays queued
      // and is sent again soon (the server keeps the first copy only).
      setTimeout(sendQueue, RETRY_AFTER_FAILURE_MS);
    } finally {
      sending = false;
      await showStatus();
    }
  }

  // --- The scoring form -----------------------------------------------------------------

  function checkScore(input, form) {
    // The server's rule (thai/numbers.py), from static/src/thai_numbers.js.
    const parsed = thaiNumbers.parseDecimal(input.value);
    const max = Number(input.dataset.max);
    let message = "";
    if (parsed.error === "comma") message = form.dataset.msgComma;
    else if (parsed.error && parsed.error !== "required") message = form.dataset.msgNumber;
    else if (!parsed.error) {
      if (parsed.value < 0) message = form.dataset.msgNegative;
      else if (parsed.value > max) message = format(form.dataset.msgOver, { max: input.dataset.max });
      else if ((parsed.text.split(".")[1] || "").length > 2) message = form.dataset.msgDecimals;
    }
    input.setCustomValidity(message);
    input.classList.toggle("is-invalid", message !== "");
    const feedback = form.querySelector(`[data-error-for="${input.dataset.criterion}"]`);
    if (feedback) feedback.textContent = message;
    return message === "";
  }

  function updateTotal(form) {
    let total = 0;
    form.querySelectorAll(".score-input").forEach((input) => {
      const parsed = thaiNumbers.parseDecimal(input.value);
      if (!parsed.error && input.checkValidity()) total += parsed.value;
    });
    form.querySelector("[data-running-total]").textContent = total.toLocaleString("th-TH", { maximumFractionDigits: 2 });
  }

  function draftKey(form) {
    return `evaluation-draft:${user}:${form.dataset.visit}`;
  }

  function saveDraft(form) {
    const values = {};
    form.querySelectorAll(".score-input, textarea").forEach((field) => { values[field.name] = field.value; });
    localStorage.setItem(draftKey(form), JSON.stringify(values));
  }

  function restoreDraft(form) {
    const saved = localStorage.getItem(draftKey(form));
    if (!saved) return;
    const values = JSON.parse(saved);
    form.querySelectorAll(".score-input, textarea").forEach((field) => {
      if (values[field.name] !== undefined) field.value = values[field.name];
    });
  }

  let photoPosition = null;

  function rememberPosition() {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(
      (position) => { photoPosition = position.coords; },
      () => { photoPosition = null; },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
    );
  }

  async function queueSheet(form) {
    const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
    const visit = Number(form.dataset.visit);
    const label = document.querySelector("h1").textContent.trim();
    const scores = [];
    form.querySelectorAll(".score-input").forEach((input) => {
      if (input.value.trim() !== "") scores.push({ criterion: Number(input.dataset.criterion), points: input.value.trim().replace(",", ".") });
    });
    const db = await dbPromise;
    const clientId = newId();
    await db.put(SUBMISSIONS, {
      client_id: clientId,
      state: "saved",
      visit,
      rubric: Number(form.dataset.rubric),
      edited_at: new Date().toISOString(),
      strengths: form.querySelector("[name=strengths]").value,
      improvements: form.querySelector("[name=improvements]").value,
      scores,
      csrf,
      url: form.dataset.apiSubmissions,
      label,
    });
    const photoInput = form.querySelector("[data-photos]");
    for (const file of photoInput.files) {
      await db.put(PHOTOS, {
        client_id: newId(),
        visit,
        blob: file,
        name: file.name,
        caption: "",
        // The server prefers the EXIF capture time and GPS written by the camera.
        taken_at: new Date(file.lastModified || Date.now()).toISOString(),
        latitude: photoPosition ? photoPosition.latitude.toFixed(6) : null,
        longitude: photoPosition ? photoPosition.longitude.toFixed(6) : null,
        csrf,
        url: form.dataset.apiPhotos,
      });
    }
    photoInput.value = "";
    localStorage.removeItem(draftKey(form));
    return clientId;
  }

  function setUpForm(form) {
    restoreDraft(form);
    const inputs = form.querySelectorAll(".score-input");
    inputs.forEach((input) => {
      if (input.value.trim() !== "") checkScore(input, form);
      input.addEventListener("input", () => { checkScore(input, form); updateTotal(form); saveDraft(form); });
    });
    form.querySelectorAll("textarea").forEach((area) => area.addEventListener("input", () => saveDraft(form)));
    updateTotal(form);
    const photoInput = form.querySelector("[data-photos]");
    photoInput.addEventListener("click", rememberPosition);
    photoInput.addEventListener("change", () => {
      form.querySelector("[data-photo-count]").textContent = Array.from(photoInput.files, (file) => file.name).join(", ");
    });

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const valid = Array.from(inputs).map((input) => checkScore(input, form)).every(Boolean);
      if (!valid) {
        form.querySelector(".score-input.is-invalid").focus();
        return;
      }
      const clientId = await queueSheet(form);
      const note = document.createElement("div");
      note.className = "alert alert-success";
      note.setAttribute("role", "status");
      note.dataset.savedNote = clientId;
      note.textContent = form.dataset.msgSaved;
      form.before(note);
      await showStatus();
      sendQueue();
    });
  }

  // --- Start ----------------------------------------------------------------------------

  async function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    const scope = script.dataset.scope;
    await navigator.serviceWorker.register(script.dataset.serviceWorker, { scope });
    // An older worker registered for /evaluations/ only: the one for the whole portal replaces it.
    for (const registration of await navigator.serviceWorker.getRegistrations()) {
      if (new URL(registration.scope).pathname !== scope) registration.unregister();
    }
    const list = document.querySelector("[data-precache]");
    if (!list) return;
    const urls = list.dataset.precache.split(" ").filter(Boolean);
    urls.push(window.location.pathname);
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "precached") {
        statusBoxes().forEach((box) => box.querySelector("[data-offline-ready]").classList.remove("d-none"));
      }
    });
    const ready = await navigator.serviceWorker.ready;
    ready.active.postMessage({ type: "precache", urls });
  }

  window.addEventListener("online", () => { showStatus(); if (!readOnly) sendQueue(); });
  window.addEventListener("offline", showStatus);
  if (readOnly) {
    showStatus();
    return;
  }
  document.querySelectorAll("[data-offline-form]").forEach(setUpForm);
  setInterval(sendQueue, RETRY_MS);
  showStatus().then(sendQueue);
  registerWorker().catch(() => {});
  }

  begin().catch(() => {});
})();
