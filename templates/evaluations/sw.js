{% load static %}// Service worker of the evaluators' screens (scope /evaluations/).
// Pages: network first, the kept copy when offline. Static files: the kept copy first.
// The list of visits asks it to keep every assigned scoring page ("precache").
"use strict";

const CACHE = "evaluations-{{ version }}";
const SHELL = [
{% for url in shell %}  "{{ url|escapejs }}",
{% endfor %}];
const OFFLINE_PAGE = "{% url 'evaluations:offline' %}";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("evaluations-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

function isPage(request) {
  return request.mode === "navigate" || (request.headers.get("accept") || "").includes("text/html");
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    return kept || (await cache.match(OFFLINE_PAGE, { ignoreVary: true })) || Response.error();
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("{% get_static_prefix %}")) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith("/evaluations/") && isPage(request)) {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "precache") {
    const urls = event.data.urls || [];
    event.waitUntil(
      caches.open(CACHE).then((cache) =>
        Promise.all(urls.map((url) =>
          fetch(url, { credentials: "same-origin" })
            .then((response) => (response.ok && !response.redirected ? cache.put(url, response) : null))
            .catch(() => null),
        )),
      ).then(() => event.source && event.source.postMessage({ type: "precached", count: urls.length })),
    );
  }
});
