// Fails when src/generated (codegen's output and the trusted-documents manifest) differs from what
// schema.graphql and the operations make now. node-costs.ts there is the server's measure of these
// documents (`python -m graphql_api export-node-costs`), held current by the API's tests.
import { generate, loadCodegenConfig } from "@graphql-codegen/cli";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manifestOf } from "./manifest.mjs";

const out = mkdtempSync(join(tmpdir(), "codegen-"));
const { config } = await loadCodegenConfig({ configFilePath: "codegen.ts" });
const [[, target]] = Object.entries(config.generates);
try {
  await generate({ ...config, silent: true, generates: { [`${out}/`]: target } }, true);
  writeFileSync(join(out, "persisted-documents.json"), await manifestOf(readFileSync(join(out, "graphql.ts"), "utf8")));
  const stale = [];
  const fresh = readdirSync(out).sort();
  const committed = readdirSync("src/generated").filter((name) => name !== "node-costs.ts").sort();
  if (fresh.join() !== committed.join()) stale.push(`files: ${committed} != ${fresh}`);
  for (const name of fresh) {
    let current = "";
    try {
      current = readFileSync(join("src/generated", name), "utf8");
    } catch {}
    if (current !== readFileSync(join(out, name), "utf8")) stale.push(name);
  }
  if (stale.length) {
    console.error(`src/generated is stale (${stale.join(", ")}): run npm run codegen`);
    process.exit(1);
  }
  console.log("generated code is current");
} finally {
  rmSync(out, { recursive: true, force: true });
}
