import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// The Content-Security-Policy of the built app (README, "Reliability"): scripts only from this
// origin, no inline or remote script, no eval; WebAssembly may compile ('wasm-unsafe-eval');
// workers, fetches and the service worker stay on this origin. Styles need no 'unsafe-inline':
// React and recharts set style properties through the DOM, which CSP does not restrict.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/**
 * Writes the policy into the built index.html as a meta tag, so it holds wherever the files are
 * served. Not in `vite` dev: the React plugin's refresh preamble is an inline script and the
 * HMR client connects over a WebSocket.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: "content-security-policy",
    apply: "build",
    transformIndexHtml: () => [
      {
        tag: "meta",
        attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY },
        injectTo: "head-prepend",
      },
    ],
  };
}

// The app and its training worker are ES modules; public/ (with data/mnist.bin) is served as is.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  publicDir: "public",
  worker: { format: "es" },
  // asset-manifest.json lists every built file; the service worker (public/sw.js) caches them.
  build: { target: "es2022", chunkSizeWarningLimit: 4096, manifest: "asset-manifest.json" },
  // A meta policy does not reach workers, which take theirs from their own response: the
  // preview sends it as a header on every file. frame-ancestors and report-uri work only in a
  // header; nothing answers /csp-violations, the end-to-end tests read the reports sent there.
  preview: {
    headers: {
      "Content-Security-Policy": `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'; report-uri /csp-violations`,
    },
  },
});
