/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// One ES module, written next to the integration that serves it (custom_components/voltwise/www),
// so that HACS users get the cards without a build. Lit is bundled in: a card must not depend on
// the copy inside Home Assistant's own frontend, whose version changes with every release.
export default defineConfig({
  build: {
    outDir: "../custom_components/voltwise/www",
    emptyOutDir: false,
    target: "es2021",
    minify: "esbuild",
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: "src/index.ts",
      formats: ["es"],
      fileName: () => "voltwise-cards.js",
    },
  },
  test: {
    environment: "happy-dom",
    include: ["test/**/*.test.ts"],
  },
});
