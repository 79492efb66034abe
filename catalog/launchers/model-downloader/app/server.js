// Model list page: shows the files under MODELS_DIR (the app's drive-linked models folder) with their sizes.
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");

function listFiles(root, rel = "") {
  let entries = [];
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    // Nothing downloaded yet: an empty list.
    return [];
  }
  return entries.flatMap((entry) => {
    // Hidden entries (the Hub client's .cache with its locks and metadata) are bookkeeping, not models.
    if (entry.name.startsWith(".")) return [];
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) return listFiles(root, child);
    return [{ file: child, bytes: fs.statSync(path.join(root, child)).size }];
  });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function createServer(modelsDir) {
  return http.createServer((req, res) => {
    const files = listFiles(modelsDir);
    if (req.url.startsWith("/files.json")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ dir: fs.existsSync(modelsDir) ? fs.realpathSync(modelsDir) : modelsDir, files }));
      return;
    }
    const rows = files.map((f) => `<tr><td><code>${escapeHtml(f.file)}</code></td><td>${f.bytes} ${f.bytes === 1 ? "byte" : "bytes"}</td></tr>`).join("");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Downloaded models</title>
<meta name="color-scheme" content="light dark"><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}td{padding:.2rem .8rem}</style></head>
<body>
<h1>Downloaded models</h1><table>${rows || "<tr><td>No files yet.</td></tr>"}</table>
<p><a href="files.json">files.json</a></p></body></html>`);
  });
}

function main() {
  const modelsDir = path.resolve(process.env.MODELS_DIR || "../models");
  const server = createServer(modelsDir);
  server.listen(Number(process.env.PORT || 0), "127.0.0.1", () => {
    console.log(`Model list on http://127.0.0.1:${server.address().port}`);
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

// Started as `node server.js`; when the launcher checker loads this file it only reads the exports.
if (require.main === module) main();

module.exports = { createServer, listFiles };
