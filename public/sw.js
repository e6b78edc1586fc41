// The offline cache (README, "Reliability"). Installing stores the app shell, every built file
// listed in asset-manifest.json (scripts, styles, workers, WASM) and the embedded MNIST. Then
// same-origin GETs are answered from the cache first; page loads go to the network first, so
// that a new build shows when online, and fall back to the cached shell offline.
const CACHE = "pruning-lab-v1";
const SHELL = ["./", "asset-manifest.json", "data/mnist.bin"];

/** The files of Vite's build manifest: each chunk's file, its styles and its assets. */
function builtFiles(manifest) {
  const files = new Set();
  for (const chunk of Object.values(manifest)) {
    for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) {
      if (file) files.add(file);
    }
  }
  return [...files];
}

async function precache() {
  const cache = await caches.open(CACHE);
  await cache.addAll(SHELL);
  const manifest = await cache.match("asset-manifest.json");
  await cache.addAll(builtFiles(await manifest.json()));
}

/**
 * The cached copy, else the network's (kept when it is a whole, good response). The preview
 * answers `Vary: Origin`, and module scripts are asked for with an Origin header that the
 * precache's requests lack: for this origin's own files that makes no difference.
 */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.status === 200) await cache.put(request, response.clone());
  return response;
}

/** The network's page (the shell is refreshed from it), else the cached shell. */
async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const isShell = new URL(request.url).pathname === new URL(self.registration.scope).pathname;
  try {
    const response = await fetch(request);
    if (isShell && response.status === 200) await cache.put("./", response.clone());
    return response;
  } catch (offline) {
    const cached = await cache.match(isShell ? "./" : request, { ignoreSearch: true, ignoreVary: true });
    if (cached) return cached;
    throw offline;
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === "navigate" ? networkFirst(request) : cacheFirst(request));
});
