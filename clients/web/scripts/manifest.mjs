// The trusted-documents manifest (GRAPHQL_TRUSTED_DOCUMENTS): SHA-256 -> document, for each
// operation in src/generated/graphql.ts, keyed by the exact text the kit sends, so the API in
// trusted mode accepts the kit's single-operation requests as they are.
//   node scripts/manifest.mjs           writes src/generated/persisted-documents.json
//   (imported)                          manifestOf(source) for the check of generated code
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";

export const MANIFEST = "src/generated/persisted-documents.json";

export async function manifestOf(source) {
  const { code } = await transform(source, { loader: "ts", format: "esm" });
  const generated = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  const manifest = {};
  for (const [name, value] of Object.entries(generated).sort(([a], [b]) => a.localeCompare(b))) {
    if (!(value instanceof generated.TypedDocumentString) || name.endsWith("FragmentDoc")) continue;
    const text = value.toString();
    manifest[createHash("sha256").update(text).digest("hex")] = text;
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(MANIFEST, await manifestOf(readFileSync("src/generated/graphql.ts", "utf8")));
}
