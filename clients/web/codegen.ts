import type { CodegenConfig } from "@graphql-codegen/cli";

// The config docs/client.md shows: scalars travel as strings (money is never a JS number).
const config: CodegenConfig = {
  schema: "../../schema.graphql",
  // Relative imports end in .js, as Node's ESM loader needs in the built package.
  emitLegacyCommonJSImports: false,
  documents: ["src/operations/*.graphql"],
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        // Documents as strings, not syntax trees: a tree per document repeats every fragment's
        // tree in the bundle, and the kit would need graphql's printer to send them.
        documentMode: "string",
        strictScalars: true,
        enumsAsTypes: true,
        scalars: {
          Date: "string",
          DateTime: "string",
          Decimal: "string",
        },
      },
    },
  },
};
export default config;
