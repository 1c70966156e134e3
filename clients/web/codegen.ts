import type { CodegenConfig } from "@graphql-codegen/cli";

// The config the main README shows: scalars travel as strings (money is never a JS number).
const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["src/operations/*.graphql"],
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: {
        // The manifest GRAPHQL_TRUSTED_DOCUMENTS takes: SHA-256 hash -> document.
        persistedDocuments: { hashAlgorithm: "sha256" },
        fragmentMasking: false,
      },
      config: {
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
