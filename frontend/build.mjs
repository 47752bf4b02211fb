// Builds static/dist from the GOV.UK Frontend package and our own Sass settings.
// Run by `npm run build` (the Makefile's `assets` target); the output is not committed.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "frontend", "scss", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
// The footer's copyright crest is GOV.UK's own mark, which the product does not use: drop the
// rules that point at it so no page can ask for the file.
const withoutCrest = css.css.replace(/[^{}]*\{[^{}]*govuk-crest[^{}]*\}/g, "");
writeFileSync(join(out, "app.css"), withoutCrest);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(root, "frontend", "js"), join(out, "js"), { recursive: true });
cpSync(join(root, "frontend", "images"), join(out, "images"), { recursive: true });
// `npm run --silent build` (the Makefile's) says nothing, so `make run` prints only its banner.
if (process.env.npm_config_loglevel !== "silent") console.log(`built ${out}`);
