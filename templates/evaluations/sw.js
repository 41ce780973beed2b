{% load static %}// Service worker of the evaluators' screens, registered for the whole portal (scope "/",
// allowed by the Service-Worker-Allowed header), so that no link an evaluator follows
// offline (home, the menu, a visit) ends on the browser's own error page.
// Evaluation pages: network first, the kept copy when offline. Any other page: the network,
// and the offline page (an app shell listing what is saved on the phone, with links back)
// when there is none. Static files of the shell: the kept copy first; others: the network
// first, the kept copy offline. The list of visits asks it to keep every assigned scoring
// page ("precache").
//
// A phone may be shared. A page is kept only when the server marks it as meant for
// offline use: it names its owner in X-Offline-User (evaluations/offline_owner.py) and
// does not say no-store. It goes into that owner's cache ("evaluations-pages-<key>"),
// and an offline request is answered only from the cache of the user signed in last
// (told by the pages through static/src/evaluations/shared_phone.js, or by the header of
// the last page fetched). Signed out: no kept page at all, only the offline page.
"use strict";

const SHELL_CACHE = "evaluations-shell-{{ version }}";
const PAGES_PREFIX = "evaluations-pages-";
const STATE_CACHE = "evaluations-state";
const STATE_USER = "{% url 'evaluations:service_worker' %}?state=user";
const OWNER_HEADER = "X-Offline-User";
const SHELL = [
{% for url in shell %}  "{{ url|escapejs }}",
{% endfor %}];
const OFFLINE_PAGE = "{% url 'evaluations:offline' %}";

// The shell holds nobody's data: fetched without cookies, the offline page names no one.
self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { credentials: "omit" }))))
      .then(() => self.skipWaiting()),
  );
});

// Drop older shells and anything an older worker kept (it kept every user's pages in one cache).
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((key) => key.startsWith("evaluations-") && key !== SHELL_CACHE && key !== STATE_CACHE && !key.startsWith(PAGES_PREFIX))
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

// --- Who is signed in: kept in Cache Storage, since a worker may be stopped at any time.

let currentUser = null;

async function signedInUser() {
  if (currentUser === null) {
    const kept = await (await caches.open(STATE_CACHE)).match(STATE_USER);
    currentUser = kept ? await kept.text() : "";
  }
  return currentUser;
}

async function setSignedInUser(key) {
  currentUser = key;
  await (await caches.open(STATE_CACHE)).put(STATE_USER, new Response(key));
  // Another user (or nobody) on this phone: the previous user's pages go.
  const keys = await caches.keys();
  await Promise.all(keys
    .filter((name) => name.startsWith(PAGES_PREFIX) && name !== PAGES_PREFIX + key)
    .map((name) => caches.delete(name)));
}

// --- Pages --------------------------------------------------------------------------------

function isPage(request) {
  return request.mode === "navigate" || (request.headers.get("accept") || "").includes("text/html");
}

function owner(response) {
  if (!response.ok || response.redirected) return "";
  if (/no-store/i.test(response.headers.get("Cache-Control") || "")) return "";
  return response.headers.get(OWNER_HEADER) || "";
}

async function keep(url, response) {
  const key = owner(response);
  if (!key) return;
  if (key !== (await signedInUser())) await setSignedInUser(key);
  await (await caches.open(PAGES_PREFIX + key)).put(url, response);
}

async function offlinePage() {
  return (await caches.match(OFFLINE_PAGE, { cacheName: SHELL_CACHE, ignoreVary: true })) || Response.error();
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    await keep(request, response.clone());
    return response;
  } catch (error) {
    const key = await signedInUser();
    if (!key) return offlinePage();
    const cache = await caches.open(PAGES_PREFIX + key);
    return (await cache.match(request, { ignoreSearch: true, ignoreVary: true })) || offlinePage();
  }
}

async function pageOrOffline(request) {
  try {
    return await fetch(request);
  } catch (error) {
    return offlinePage();
  }
}

// --- Static files ---------------------------------------------------------------------------

const SHELL_PATHS = new Set(SHELL.map((url) => new URL(url, self.location.origin).pathname));

async function networkThenKept(request) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !/no-store/i.test(response.headers.get("Cache-Control") || "")) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && !/no-store/i.test(response.headers.get("Cache-Control") || "")) {
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("{% get_static_prefix %}")) {
    event.respondWith(SHELL_PATHS.has(url.pathname) ? cacheFirst(request) : networkThenKept(request));
  } else if (url.pathname.startsWith("/evaluations/") && isPage(request)) {
    event.respondWith(networkFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(pageOrOffline(request));
  }
});

// --- Messages from the pages -----------------------------------------------------------------

async function precache(urls) {
  await Promise.all(urls.map((url) =>
    fetch(url, { credentials: "same-origin" }).then((response) => keep(url, response)).catch(() => null),
  ));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  let work = null;
  if (data.type === "precache") {
    work = precache(data.urls || []).then(() => event.source && event.source.postMessage({ type: "precached", count: (data.urls || []).length }));
  } else if (data.type === "user" && typeof data.key === "string") {
    work = setSignedInUser(data.key).then(() => event.source && event.source.postMessage({ type: "user-set", key: data.key }));
  }
  if (work) event.waitUntil(work);
});
