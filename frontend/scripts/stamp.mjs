// Write what the committed bundle was built from: a SHA-256 over the card sources, the build
// configuration and the lockfile, and one over the bundle itself. tests/test_dashboard_bundle.py
// recomputes both, so a source change without a rebuild (or a hand-edited bundle) fails the suite.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const www = join(root, "..", "custom_components", "voltwise", "www");

function files(dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

const inputs = [
  ...files(join(root, "src")),
  ...["package.json", "package-lock.json", "tsconfig.json", "vite.config.ts"].map((name) => join(root, name)),
]
  .map((path) => relative(root, path).split("\\").join("/"))
  .sort();

const sources = createHash("sha256");
for (const path of inputs) {
  sources.update(`${path}\0`);
  sources.update(readFileSync(join(root, path)));
  sources.update("\0");
}
const bundle = createHash("sha256").update(readFileSync(join(www, "voltwise-cards.js")));
const stamp = {
  bundle: "voltwise-cards.js",
  bundle_sha256: bundle.digest("hex"),
  sources: inputs,
  sources_sha256: sources.digest("hex"),
};
writeFileSync(join(www, "voltwise-cards.stamp.json"), `${JSON.stringify(stamp, null, 2)}\n`);
console.log(`stamp: bundle ${stamp.bundle_sha256.slice(0, 12)}, sources ${stamp.sources_sha256.slice(0, 12)}`);
