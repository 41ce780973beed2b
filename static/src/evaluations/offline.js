// Evaluators' screens that work with no signal.
//
// - Registers the service worker (templates/evaluations/sw.js) and asks it to keep every
//   assigned scoring page listed on the page (data-precache).
// - The scoring form checks each score against its maximum as it is typed, keeps a
//   running total, and keeps a draft in the phone so nothing typed is lost.
// - Saving puts the whole sheet (and its photos, as blobs) in IndexedDB with an id made
//   here; a sender posts the queue to the API whenever the phone is online: on load,
//   on the "online" event and every 20 seconds. The API treats an id it has seen as
//   done, so a retry after a timeout never makes a second record.
// - The count of waiting items is shown wherever [data-offline-status] is.
// - Everything kept belongs to the user signed in (<meta name="offline-user">): the queue and
//   the drafts carry their key, so on a shared phone nobody else's pages open them
//   (static/src/evaluations/shared_phone.js clears other users' storage).
"use strict";

(() => {
  const script = document.currentScript;
  const user = document.querySelector('meta[name="offline-user"]')?.content;
  // Only signed-in pages load this script; without an owner it keeps nothing.
  if (!user) return;
  const DB_NAME = `portal-evaluations-${user}`;
  const SUBMISSIONS = "submissions";
  const PHOTOS = "photos";
  const RETRY_MS = 15000;
  const RETRY_AFTER_FAILURE_MS = 3000;

  const dbPromise = idb.openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore(SUBMISSIONS, { keyPath: "client_id" });
      db.createObjectStore(PHOTOS, { keyPath: "client_id" });
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

  async function showStatus() {
    const db = await dbPromise;
    const submissions = await db.getAll(SUBMISSIONS);
    const photos = await db.count(PHOTOS);
    statusBoxes().forEach((box) => {
      const count = box.querySelector("[data-queue-count]");
      const photoCount = box.querySelector("[data-photo-queue-count]");
      photoCount.textContent = format(box.dataset.msgPhotos, { count: photos });
      photoCount.classList.toggle("d-none", photos === 0);
      const network = box.querySelector("[data-network]");
      const errors = box.querySelector("[data-queue-errors]");
      count.textContent = format(box.dataset.msgWaiting, { count: submissions.length });
      count.classList.toggle("d-none", submissions.length === 0);
      network.textContent = box.dataset.msgOffline;
      network.classList.toggle("d-none", navigator.onLine);
      const lines = submissions.filter((item) => item.error).map((item) => `${box.dataset.msgFailed} (${item.label}): ${item.error}`);
      if (needsLogin) lines.unshift(box.dataset.msgLogin);
      errors.replaceChildren(
        ...lines.map((line) => {
          const li = document.createElement("li");
          li.textContent = line;
          return li;
        }),
      );
    });
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
        const { csrf, url, label, error, ...payload } = item;
        const outcome = await post(url, item, JSON.stringify(payload), { "Content-Type": "application/json" });
        if (outcome.done) await db.delete(SUBMISSIONS, item.client_id);
        else if (outcome.stop) break;
        else await db.put(SUBMISSIONS, { ...item, error: outcome.error });
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
    await db.put(SUBMISSIONS, {
      client_id: newId(),
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
      await queueSheet(form);
      const note = document.createElement("div");
      note.className = "alert alert-success";
      note.setAttribute("role", "status");
      note.textContent = form.dataset.msgSaved;
      form.before(note);
      await showStatus();
      sendQueue();
    });
  }

  // --- Start ----------------------------------------------------------------------------

  async function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    await navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: script.dataset.scope });
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

  document.querySelectorAll("[data-offline-form]").forEach(setUpForm);
  window.addEventListener("online", () => { showStatus(); sendQueue(); });
  window.addEventListener("offline", showStatus);
  setInterval(sendQueue, RETRY_MS);
  showStatus().then(sendQueue);
  registerWorker().catch(() => {});
})();
