// The package build: ESM and declarations into dist/ (tsc), the trusted-documents manifest beside
// them, then the size an app pays, printed and held to a budget: every export of the core and of
// the React layer bundled and minified (React and TanStack Query are the app's own), gzipped.
import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const BUDGET_BYTES = 12 * 1024;

rmSync("dist", { recursive: true, force: true });
execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
copyFileSync("src/generated/persisted-documents.json", "dist/persisted-documents.json");

async function gzipped(contents) {
  const result = await build({
    stdin: { contents, resolveDir: "dist", loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
    external: ["react", "react-dom", "react/jsx-runtime", "@tanstack/react-query"],
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const core = await gzipped('export * from "./index.js";');
const all = await gzipped('export * from "./index.js"; export * from "./react/index.js";');
// Live updates are their own entry point, outside the budget: an app that imports them pays the
// difference (the documents they send are in the core's bundle already).
const withLive = await gzipped('export * from "./index.js"; export * from "./react/index.js"; export * from "./live/index.js";');
console.log(`core: ${kb(core.minified)} minified, ${kb(core.gzip)} gzip`);
console.log(`core + React layer: ${kb(all.minified)} minified, ${kb(all.gzip)} gzip (${all.gzip} of the budget's ${BUDGET_BYTES} bytes)`);
console.log(`with live updates (@travel/web-client/live): ${kb(withLive.gzip)} gzip (${kb(withLive.gzip - all.gzip)} more)`);
if (all.gzip > BUDGET_BYTES) {
  console.error(`the kit is over its size budget by ${all.gzip - BUDGET_BYTES} bytes`);
  process.exit(1);
}
