// A phone shared by several people: on every page, what the previous user kept for offline
// use goes, and the service worker learns who is signed in now.
//
// The page names its user in <meta name="offline-user"> (a key from the server, empty when
// nobody is signed in; evaluations/offline_owner.py). Everything the evaluators' screens keep
// carries that key: the service worker's page caches ("evaluations-pages-<key>"), the queue
// of sheets and photos (IndexedDB "portal-evaluations-<key>", static/src/evaluations/offline.js)
// and the drafts (localStorage "evaluation-draft:<key>:<visit>"). Here, whatever carries
// another key is deleted, except a queue still holding work not sent: that stays under its
// owner's key, which no other user's pages open, and is sent when the owner signs in again.
// The sign-in page says how much is waiting.
"use strict";

(() => {
  const meta = document.querySelector('meta[name="offline-user"]');
  // The service worker's offline page has no owner and changes nothing.
  if (!meta) return;
  const user = meta.content;
  const scope = document.currentScript.dataset.scope;
  const PAGES_PREFIX = "evaluations-pages-";
  const DB_PREFIX = "portal-evaluations-";
  const LEGACY_DB = "portal-evaluations"; // one queue for everybody, before the keys
  const DRAFT_PREFIX = "evaluation-draft:";
  const STORES = ["submissions", "photos"];

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  async function waiting(name) {
    const db = await request(indexedDB.open(name));
    try {
      const stores = STORES.filter((store) => db.objectStoreNames.contains(store));
      if (stores.length === 0) return 0;
      const transaction = db.transaction(stores, "readonly");
      const counts = await Promise.all(stores.map((store) => request(transaction.objectStore(store).count())));
      return counts.reduce((sum, count) => sum + count, 0);
    } finally {
      db.close();
    }
  }

  function deleteDatabase(name) {
    // "blocked" (another tab still has it open) is not a failure: the deletion waits for it.
    return new Promise((resolve) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
  }

  async function clearQueues() {
    if (!window.indexedDB || !indexedDB.databases) return 0;
    let kept = 0;
    for (const { name } of await indexedDB.databases()) {
      const legacy = name === LEGACY_DB;
      if (!legacy && !(name.startsWith(DB_PREFIX) && name !== DB_PREFIX + user)) continue;
      const count = await waiting(name);
      if (count === 0) await deleteDatabase(name);
      // A queue from before the keys has no known owner: it is left alone, never sent by
      // whoever signs in next (the server would take it as theirs), and not counted.
      else if (!legacy) kept += count;
    }
    return kept;
  }

  async function clearPages() {
    if (!window.caches) return;
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith(PAGES_PREFIX) && name !== PAGES_PREFIX + user)
      .map((name) => caches.delete(name)));
  }

  function clearDrafts() {
    const mine = `${DRAFT_PREFIX}${user}:`;
    const keys = [];
    for (let i = 0; i < localStorage.length; i += 1) keys.push(localStorage.key(i));
    keys.filter((key) => key.startsWith(DRAFT_PREFIX) && !(user && key.startsWith(mine))).forEach((key) => localStorage.removeItem(key));
  }

  async function tellWorker() {
    if (!("serviceWorker" in navigator)) return;
    const registration = await navigator.serviceWorker.getRegistration(scope);
    const worker = registration && (registration.active || registration.waiting || registration.installing);
    if (worker) worker.postMessage({ type: "user", key: user });
  }

  function showWaiting(count) {
    const box = document.querySelector("[data-unsent-elsewhere]");
    if (!box || count === 0 || user) return;
    box.textContent = box.dataset.msg.replace("%(count)s", count.toLocaleString("th-TH"));
    box.hidden = false;
  }

  async function run() {
    clearDrafts();
    await tellWorker();
    await clearPages();
    showWaiting(await clearQueues());
    document.documentElement.dataset.offlineOwnerChecked = "true";
  }

  run().catch(() => {
    document.documentElement.dataset.offlineOwnerChecked = "failed";
  });
})();
