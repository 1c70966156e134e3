// Helpers the browser runners share (test/e2e/run.mjs, test/package/run.mjs).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createServer as netServer } from "node:net";
import { extname, join } from "node:path";

export function freePort() {
  return new Promise((resolve) => {
    const server = netServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The first truthy answer of `check`, polled every 100 ms; throws after `timeoutMs`. */
export async function until(what, check, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

/** A built page's files served from `root` on 127.0.0.1:`port`, with `headers` on every answer. */
export async function servePages(root, port, headers = {}) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, "http://page").pathname;
    const file = join(root, path === "/" ? "index.html" : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", ...headers });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return server;
}
