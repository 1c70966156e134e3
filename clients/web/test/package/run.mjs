// The package as an app gets it: `npm pack` (which builds it and checks its size), installed into a
// fresh Vite + React 19 app (test/package/app, create-vite's react-ts template with its lock file)
// whose src/App.tsx is the kit README's adoption example, copied verbatim. Then: the tarball holds
// only what it should; the app type-checks (strict) and builds; the core imports on Node under the
// react-server condition; the providers render with renderToString; and in Chromium, against the
// API on the embedded store, a click adds a line that reaches the server once and survives a reload.
//   API_BIN=.venv/bin/graphql-api node test/package/run.mjs      (run by .ci/run, scripts/test --package)
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { freePort, servePages, until } from "../support.mjs";

const KIT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./app/", import.meta.url));
const API_BIN = process.env.API_BIN;
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
if (!API_BIN) throw new Error("set API_BIN to the graphql-api command");

const work = mkdtempSync(join(tmpdir(), "kit-package-"));
const app = join(work, "app");
const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: app, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });

function check(condition, what) {
  if (!condition) throw new Error(what);
}

/** The first tsx block of the README's "Adopting it in a React app" section. */
function adoptionExample() {
  const readme = readFileSync(join(KIT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Adopting it in a React app"));
  const block = /```tsx\n([\s\S]*?)```/.exec(section);
  check(block, "the README's adoption section has no tsx example");
  return block[1];
}

const cleanup = [];
try {
  // ---- build (prints the size, fails over budget), then pack what the build made ----
  execFileSync("node", ["scripts/build.mjs"], { cwd: KIT, stdio: ["ignore", "inherit", "inherit"] });
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: KIT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }),
  );
  const [{ filename, files }] = packed;
  const paths = files.map((f) => f.path);
  check(paths.includes("dist/index.js") && paths.includes("dist/index.d.ts"), "the tarball has no built core");
  check(paths.includes("dist/react/index.js") && paths.includes("dist/react/index.d.ts"), "the tarball has no built React layer");
  check(paths.includes("dist/persisted-documents.json"), "the tarball has no trusted-documents manifest");
  const stray = paths.filter((p) => !/^(dist\/.*\.(js|d\.ts|json)|package\.json|README\.md)$/.test(p));
  check(stray.length === 0, `the tarball holds files an app does not need: ${stray.join(", ")}`);
  check(readFileSync(join(KIT, "dist/react/index.js"), "utf8").startsWith('"use client";'), "the React layer is not a client module");
  console.log(`ok packed ${filename}: ${paths.length} files`);

  // ---- a fresh app, its own lock file, the tarball installed as a user would ----
  cpSync(FIXTURE, app, { recursive: true, filter: (source) => !/node_modules|dist/.test(source.slice(FIXTURE.length)) });
  writeFileSync(join(app, "src/App.tsx"), adoptionExample());
  run("npm", ["ci", "--no-audit", "--no-fund"]);
  run("npm", ["install", "--no-save", "--no-audit", "--no-fund", join(work, filename)]);
  const installed = JSON.parse(readFileSync(join(app, "node_modules/@travel/web-client/package.json"), "utf8"));
  const react = JSON.parse(readFileSync(join(app, "node_modules/react/package.json"), "utf8")).version;
  check(react.startsWith("19."), `the app has React ${react}, not 19`);
  console.log(`ok installed ${installed.name}@${installed.version} beside React ${react}`);

  // ---- type-check (the template's tsc -b, strict) and build ----
  run("npx", ["tsc", "-b"]);
  run("npx", ["tsc", "-p", "tsconfig.app.json", "--noEmit", "--skipLibCheck", "false"]);
  console.log("ok the README's example type-checks (strict, the kit's declarations included)");
  run("npx", ["vite", "build", "--logLevel", "error"]);
  run("npx", ["vite", "build", "--ssr", "src/server.tsx", "--outDir", "dist-server", "--logLevel", "error"]);
  console.log("ok the app builds");

  // ---- on a server: the core under react-server, the providers with renderToString ----
  const core = run("node", [
    "--conditions=react-server",
    "--input-type=module",
    "-e",
    `import * as core from "@travel/web-client";
     import * as operations from "@travel/web-client/operations";
     console.log(JSON.stringify([typeof core.SyncEngine, typeof core.createTransport, typeof operations.CartGetDocument]));`,
  ]);
  check(core.trim() === '["function","function","object"]', `the core under react-server: ${core}`);
  console.log("ok the core imports under --conditions=react-server");
  for (const token of ["null", JSON.stringify(`x.${Buffer.from('{"sub":"ssr"}').toString("base64url")}.y`)]) {
    const html = run("node", ["--input-type=module", "-e", `import { render } from "./dist-server/server.js"; console.log(render(${token}));`]);
    check(html.includes('role="status"') && html.includes("Add to cart"), `renderToString gave: ${html}`);
  }
  console.log("ok the providers render with renderToString (guest and signed in)");

  // ---- in Chromium, against the API ----
  const apiPort = await freePort();
  const pagePort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
  const origin = `http://127.0.0.1:${pagePort}`;
  const apiEnv = { ...process.env, PORT: String(apiPort), CORS_ORIGINS: origin, RATE_LIMIT_PER_SECOND: "0", LOG_LEVEL: "WARNING" };
  delete apiEnv.MONGODB_URI;
  const api = spawn(API_BIN, ["serve"], { env: apiEnv, stdio: ["ignore", "ignore", "inherit"] });
  cleanup.push(() => api.kill("SIGKILL"));
  await until("the API to be ready", async () => (await fetch(`http://127.0.0.1:${apiPort}/readyz`)).ok);
  const token = execFileSync(API_BIN, ["token", "package-test", "--ttl-minutes", "30"], { env: apiEnv, encoding: "utf8" }).trim();
  const gql = async (query) => {
    const response = await fetch(apiUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return (await response.json()).data;
  };
  const { services } = await gql("{ services(first: 1) { edges { node { id } } } }");
  const serviceId = services.edges[0].node.id;

  const pages = await servePages(join(app, "dist"), pagePort);
  cleanup.push(() => pages.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  cleanup.push(() => browser.close());
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  const params = new URLSearchParams({ api: apiUrl, token, service: serviceId, date: "2027-03-14" });
  await page.goto(`${origin}/#${params}`);
  await until("the cart to load", async () => (await page.textContent("[role=status]"))?.trim() === "0 items");
  await page.click("text=Add to cart");
  await until("the line to be saved", async () => (await page.textContent("[role=status]"))?.trim() === "1 items");
  const { cart } = await gql("{ cart { items { serviceId quantity } } }");
  check(JSON.stringify(cart.items) === JSON.stringify([{ serviceId, quantity: 1 }]), `the server's cart: ${JSON.stringify(cart.items)}`);
  await page.reload();
  await until("the cart after a reload", async () => (await page.textContent("[role=status]"))?.trim() === "1 items");
  check(errors.length === 0, `errors on the page: ${errors.join("; ")}`);
  console.log("ok in Chromium: a click reaches the server once and the cart survives a reload");
} finally {
  for (const step of cleanup.reverse()) await step();
  rmSync(work, { recursive: true, force: true });
}
