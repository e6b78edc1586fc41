import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { ISOLATION_HEADERS } from "./scripts/static-server.ts";
import { bundleReport } from "./scripts/vite-bundle-report.ts";
import { wasmThreadsSurviveMinifying } from "./scripts/vite-wasm-threads.ts";

// The Content-Security-Policy of the built app (README, "Reliability"): scripts only from this
// origin, no inline or remote script, no eval; WebAssembly may compile ('wasm-unsafe-eval');
// workers, fetches and the service worker stay on this origin. Styles need no 'unsafe-inline':
// React and recharts set style properties through the DOM, which CSP does not restrict.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // blob: only for tfjs-backend-wasm's threads: its multi-threaded build starts each thread as
  // a worker from a blob URL it makes itself, which loads the WASM glue from another blob URL.
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/**
 * Vite's manifest leaves out what the workers import (the WASM binaries), which the service
 * worker must cache to train offline: list every file under assets/ in it as well.
 */
function manifestListsEveryAsset(): Plugin {
  let outDir = "dist";
  return {
    name: "manifest-lists-every-asset",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const path = join(outDir, "asset-manifest.json");
      const manifest = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
      const assets = readdirSync(join(outDir, "assets")).map((name) => `assets/${name}`);
      manifest["every-asset"] = { file: "asset-manifest.json", assets };
      writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

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

/** The most the page may load gzipped before its first paint (README, "Performance"). */
const MAIN_THREAD_BUDGET_KB = 300;

// The app and its training worker are ES modules; public/ (with data/mnist.bin) is served as is.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), manifestListsEveryAsset(), bundleReport(MAIN_THREAD_BUDGET_KB)],
  publicDir: "public",
  worker: { format: "es", plugins: () => [wasmThreadsSurviveMinifying()] },
  // asset-manifest.json lists every built file; the service worker (public/sw.js) caches them.
  build: { target: "es2022", chunkSizeWarningLimit: 4096, manifest: "asset-manifest.json" },
  server: { headers: ISOLATION_HEADERS },
  // A meta policy does not reach workers, which take theirs from their own response: the
  // preview sends it as a header on every file. frame-ancestors and report-uri work only in a
  // header; nothing answers /csp-violations, the end-to-end tests read the reports sent there.
  preview: {
    headers: {
      ...ISOLATION_HEADERS,
      "Content-Security-Policy": `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'; report-uri /csp-violations`,
    },
  },
});
