#!/usr/bin/env node
// Build Convivial's browser assets into casework/static/dist/ (gitignored).
//
//   npm run build        (node scripts/build_assets.mjs)
//
// - compiles casework/assets/convivial.scss with the `sass` package (compressed,
//   no source map) into convivial.css;
// - bundles (esbuild, minified) only the GOV.UK Frontend and MOJ Frontend
//   components our pages use (casework/assets/govuk-frontend.mjs and
//   moj-frontend.mjs) and copies json-logic-js's UMD logic.js;
// - fails if a template names a GOV.UK component the stylesheet leaves out
//   (casework/assets/_govuk.scss);
// - copies crown-free images (MOJ Frontend icons) and writes our own favicon.
//   GOV.UK Frontend's images are all the crown or the crest, so none is copied.
// - fails if the stylesheet mentions GDS Transport, @font-face or the crest;
// - prints each file's size, raw and gzip.
//
// - writes content-hashed copies of every served file (ours in static/js and
//   static/images too; scripts minified by esbuild) under dist/h/, with their
//   imports and url()s rewritten to the
//   hashed names, gzip and brotli copies beside them, and dist/assets.json mapping
//   each name to its hashed copy (casework/assets.py serves them; docs/performance.md).
//
// Output is deterministic: the same lockfile gives byte-identical files.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nodeModules = join(root, "node_modules");
const dist = join(root, "casework", "static", "dist");
const entry = join(root, "casework", "assets", "convivial.scss");

function fail(message) {
  console.error(`build_assets: ${message}`);
  process.exit(1);
}

// Files are replaced one by one (write, then rename), and stale ones removed at the
// end, so a server running from dist/ never sees a missing or half-written file.
const written = new Set();
function put(name, data) {
  const target = join(dist, name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.tmp`, data);
  renameSync(`${target}.tmp`, target);
  written.add(name);
}
function copy(from, name) {
  put(name, readFileSync(from));
}

// 1. Stylesheet -------------------------------------------------------------
let css;
try {
  const result = sass.compile(entry, {
    style: "compressed",
    sourceMap: false,
    charset: false,
    // "node_modules/..." URLs (used inside MOJ Frontend) resolve from the root.
    loadPaths: [root, nodeModules],
    importers: [new sass.NodePackageImporter(root)],
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin"],
    logger: {
      warn(message, { deprecation }) {
        if (!deprecation) console.warn(`sass warning: ${message}`);
      },
    },
  });
  css = result.css;
} catch (error) {
  fail(`sass failed:\n${error.message}`);
}
// GOV.UK Frontend's footer draws the crest for its copyright link. We never
// render that link; drop the rules so the stylesheet asks for no crest image.
css = css
  .replace(/\.govuk-footer__copyright-logo::before\{[^{}]*\}/g, "")
  .replace(/@supports\s*\([^{}]*\)\s*(?:or\s*\([^{}]*\)\s*)*\{\}/g, "");
for (const forbidden of [/GDS Transport/i, /@font-face/i, /govuk-crest/i, /crown\.(svg|png)/i]) {
  if (forbidden.test(css)) fail(`convivial.css must not contain ${forbidden}`);
}
put("convivial.css", `${css}\n`);

// 2. Scripts ----------------------------------------------------------------
// One small ES module each for GOV.UK Frontend and MOJ Frontend, holding only the
// components a page uses (their packages ship one ES module per component).
// What they import on demand stays a file of its own (see staticPaths below).
const onDemand = {
  name: "on-demand",
  setup(build) {
    build.onResolve({ filter: /\.m?js$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined,
    );
  },
};
for (const name of ["govuk-frontend", "govuk-character-count", "govuk-file-upload", "moj-frontend"]) {
  const result = await esbuild.build({
    entryPoints: [join(root, "casework", "assets", `${name}.mjs`)],
    bundle: true,
    format: "esm",
    minify: true,
    legalComments: "none",
    target: "es2020",
    write: false,
    logLevel: "error",
    plugins: [onDemand],
  });
  put(`${name}.mjs`, result.outputFiles[0].contents);
}
copy(join(nodeModules, "json-logic-js/logic.js"), "logic.js");

// One file per page: js/app.mjs (every page) and js/recording.mjs (recording pages,
// which imports app.mjs) are bundled with what they import, so a page fetches one
// script instead of a chain of modules. What they import on demand (rules.mjs where a
// rule is live, MOJ Frontend where a list is) stays a file of its own. The unbundled
// sources work alike (casework/assets.py serves them when the build is stale).
const staticRoot = join(root, "casework", "static");
const PAGE_SCRIPTS = ["js/app.mjs", "js/recording.mjs"];
const bundled = {};
const staticPaths = {
  name: "static-paths",
  setup(build) {
    build.onResolve({ filter: /\.m?js$/ }, (args) => {
      if (args.kind === "dynamic-import") return { path: args.path, external: true };
      if (args.path.startsWith("/static/")) return { path: join(staticRoot, args.path.slice("/static/".length)) };
      return undefined;
    });
  },
};
// The recording page's handlers (autosave, conflicts, the status line) first run while
// someone types: V8's compile hint has them compiled with the file, off the main thread
// as the script streams in, instead of one by one on the first keystrokes.
const COMPILE_EAGERLY = { "js/recording.mjs": "//# allFunctionsCalledOnLoad" };
for (const name of PAGE_SCRIPTS) {
  const result = await esbuild.build({
    entryPoints: [join(staticRoot, name)],
    bundle: true,
    format: "esm",
    minify: true,
    legalComments: "none",
    target: "es2020",
    write: false,
    logLevel: "error",
    plugins: [staticPaths],
    ...(COMPILE_EAGERLY[name] ? { banner: { js: COMPILE_EAGERLY[name] } } : {}),
  });
  bundled[name] = result.outputFiles[0].text;
}

// Every GOV.UK component a template names must be in the stylesheet.
const styled = new Set(
  [...readFileSync(join(root, "casework", "assets", "_govuk.scss"), "utf8").matchAll(/components\/([a-z-]+)\/index/g)].map(
    (m) => m[1],
  ),
);
const govukComponents = readdirSync(join(nodeModules, "govuk-frontend/dist/govuk/components"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
function templates(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return e.name === "node_modules" || e.name.startsWith(".") ? [] : templates(join(dir, e.name));
    return /\.(html|py|mjs)$/.test(e.name) ? [join(dir, e.name)] : [];
  });
}
for (const file of ["casework", "renderer", "designer"].flatMap((dir) => templates(join(root, dir)))) {
  const text = readFileSync(file, "utf8");
  for (const component of govukComponents) {
    const macro = `govuk${component.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase())}`;
    const used = new RegExp(`govuk-${component}(?:__|--|[^a-z-])|\\b${macro}\\b`).test(text);
    if (used && !styled.has(component)) {
      fail(`${relative(root, file)} uses the GOV.UK ${component} component: add it to casework/assets/_govuk.scss`);
    }
  }
}

// 3. Images -----------------------------------------------------------------
// MOJ Frontend's icons only: its logotype, touch icons and opengraph image are
// the crown or the crest.
const mojImages = join(nodeModules, "@ministryofjustice/frontend/moj/assets/images");
for (const name of readdirSync(mojImages).sort()) {
  if (!/^icon-[a-z0-9-]+\.(svg|png)$/.test(name)) continue;
  copy(join(mojImages, name), `images/${name}`);
}
// Our own favicon: a ring, for "convivial", on GOV.UK blue. No crown.
const favicon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="6" fill="#1d70b8"/>' +
  '<circle cx="16" cy="16" r="9" fill="none" stroke="#fff" stroke-width="4"/>' +
  "</svg>\n";
put("images/favicon.svg", favicon);

// Every url() in the stylesheet must be a file we ship.
for (const [, url] of css.matchAll(/url\("?([^")]+)"?\)/g)) {
  if (url.startsWith("data:")) continue;
  if (!url.startsWith("/static/dist/")) fail(`unexpected url(${url}) in convivial.css`);
  if (!written.has(url.slice("/static/dist/".length))) {
    fail(`convivial.css refers to ${url}, which the build does not ship`);
  }
}

// 4. Content-hashed copies ----------------------------------------------------
// A hashed name changes whenever the content does, so browsers may keep each copy for
// good (immutable caching) and a warm visit asks for nothing but the page.
const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)(["'])([^"']+\.m?js)\2/g;
// Our modules and logic.js are served minified (comments and whitespace were half
// their weight); the bundles above already are.
function minified(name, text) {
  if (!/^(js\/.*\.mjs|dist\/logic\.js)$/.test(name)) return text;
  return esbuild.transformSync(text, { minify: true, legalComments: "inline", target: "es2020" }).code;
}
const COMPRESSIBLE = /\.(m?js|css|svg|json)$/;
const assets = {};
function hashedName(name, data) {
  const dot = name.lastIndexOf(".");
  return `h/${name.slice(0, dot)}.${sha256(data).slice(0, 12)}${name.slice(dot)}`;
}
function source(name) {
  return readFileSync(join(staticRoot, name));
}
// Static paths ("js/autosave.mjs", "dist/logic.js") of what a module imports.
function resolveImport(from, spec) {
  if (spec.startsWith("/static/")) return spec.slice("/static/".length);
  if (spec.startsWith(".")) return relative(staticRoot, join(staticRoot, dirname(from), spec));
  return null;
}
function addAsset(name) {
  if (assets[name]) return assets[name];
  const original = source(name);
  let data = original;
  const imports = [];
  if (/\.m?js$/.test(name)) {
    const text = (bundled[name] ?? minified(name, original.toString("utf8"))).replace(IMPORT, (whole, head, quote, spec) => {
      const target = resolveImport(name, spec);
      if (!target) return whole;
      const dynamic = head.includes("(");
      const dep = addAsset(target);
      if (!dynamic) imports.push(target);
      return `${head}${quote}/static/dist/${dep.url}${quote}`;
    });
    data = Buffer.from(text, "utf8");
  } else if (/\.css$/.test(name)) {
    const text = original.toString("utf8").replace(/url\("?\/static\/([^")]+)"?\)/g, (whole, path) => {
      return `url(/static/dist/${addAsset(path).url})`;
    });
    data = Buffer.from(text, "utf8");
  }
  const url = hashedName(name.replace(/^dist\//, ""), data);
  put(url, data);
  if (COMPRESSIBLE.test(name)) {
    put(`${url}.gz`, gzipSync(data, { level: 9 }));
    put(`${url}.br`, brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  assets[name] = { url, sha256: sha256(original), imports };
  return assets[name];
}
for (const name of [...written].sort()) {
  if (!name.endsWith(".map") && name !== "manifest.json" && !name.startsWith("h/")) addAsset(`dist/${name}`);
}
for (const dir of ["js", "images"]) {
  for (const name of readdirSync(join(staticRoot, dir)).sort()) addAsset(`${dir}/${name}`);
}
put("assets.json", `${JSON.stringify(assets, Object.keys(assets).sort().concat("url", "sha256", "imports"), 2)}\n`);

// 5. Remove what an earlier build left and this one did not write -------------
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
for (const file of walk(dist)) {
  const name = relative(dist, file);
  if (!written.has(name) && name !== "manifest.json") rmSync(file);
}

// 6. Report -----------------------------------------------------------------
const rows = [];
let totalRaw = 0;
let totalGzip = 0;
const manifest = {};
for (const name of [...written].sort()) {
  const body = readFileSync(join(dist, name));
  const gz = gzipSync(body, { level: 9 }).length;
  manifest[name] = createHash("sha256").update(body).digest("hex");
  if (name.endsWith(".map") || name.startsWith("h/") || name === "assets.json") continue;
  rows.push([name, body.length, gz]);
  totalRaw += body.length;
  totalGzip += gz;
}
put("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
const width = Math.max(...rows.map(([n]) => n.length), 5);
const fmt = (n) => String(n).padStart(9);
console.log(`${"file".padEnd(width)} ${fmt("bytes")} ${fmt("gzip")}`);
for (const [name, raw, gz] of rows) console.log(`${name.padEnd(width)} ${fmt(raw)} ${fmt(gz)}`);
console.log(`${"total".padEnd(width)} ${fmt(totalRaw)} ${fmt(totalGzip)}`);
console.log(`built ${relative(root, dist)}/ (source maps and manifest.json not counted)`);
