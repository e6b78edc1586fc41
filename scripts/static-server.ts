// A static server of a built folder on a free localhost port, with or without the headers that
// make the page cross-origin isolated (and so give tfjs-backend-wasm its threads).
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";

// Cross-origin isolation (README, "In the browser"), sent by this server and by Vite's dev and
// preview servers: with these two headers on every response the page and its workers get
// SharedArrayBuffer, so tfjs-backend-wasm loads its multi-threaded SIMD build. Everything the
// app loads is same-origin, which require-corp lets through.
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
};

export interface StaticServer {
  origin: string;
  close(): void;
}

export async function serveStatic(root: string, isolated: boolean): Promise<StaticServer> {
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const file = normalize(join(root, path === "/" ? "index.html" : path));
    if (!file.startsWith(normalize(root))) return void response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        "Content-Type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
        ...(isolated ? ISOLATION_HEADERS : {}),
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the server has no port");
  return { origin: `http://localhost:${address.port}`, close: () => server.close() };
}
