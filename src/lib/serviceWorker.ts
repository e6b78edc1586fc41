// Registers public/sw.js, which keeps the app usable offline once loaded. Production builds
// only: in `vite` dev a cache in front of the dev server would serve stale modules.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  // After load, so that caching the app (and the 7.5 MB MNIST) does not slow the first paint.
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error: unknown) => {
      console.warn("The offline cache is not available:", error);
    });
  });
}
