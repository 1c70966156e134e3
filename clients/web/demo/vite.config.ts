import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

export default defineConfig({
  root: __dirname,
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@travel\/web-client$/, replacement: src("index.ts") },
      { find: /^@travel\/web-client\/react$/, replacement: src("react/index.ts") },
      { find: /^@travel\/web-client\/live$/, replacement: src("live/index.ts") },
      { find: /^@travel\/web-client\/operations$/, replacement: src("generated/graphql.ts") },
    ],
  },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true },
});
