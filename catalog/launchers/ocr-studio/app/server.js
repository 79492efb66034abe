// OCR Studio: serves the upload page and answers POST recognize (image bytes in, recognised text out).
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");

const MAX_UPLOAD = 20 * 1024 * 1024;
const PAGE = path.join(__dirname, "public", "index.html");

/** The English LSTM model shipped in @tesseract.js-data/eng, so nothing is fetched at run time. */
function modelDir() {
  const pkg = path.dirname(require.resolve("@tesseract.js-data/eng/package.json"));
  return path.join(pkg, "4.0.0_best_int");
}

/** One tesseract worker for the server's lifetime, created on first use. */
function createRecognizer() {
  let workerPromise = null;
  const worker = () => {
    if (!workerPromise) {
      const { createWorker } = require("tesseract.js");
      workerPromise = createWorker("eng", 1, { langPath: modelDir(), gzip: true, cacheMethod: "none" });
    }
    return workerPromise;
  };
  return {
    warm: () => worker(),
    async recognize(image) {
      const started = Date.now();
      const { data } = await (await worker()).recognize(image);
      return { text: data.text, confidence: data.confidence, ms: Date.now() - started };
    },
    async close() {
      if (workerPromise) await (await workerPromise).terminate();
    },
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_UPLOAD) {
        reject(Object.assign(new Error("the image is larger than 20 MB"), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res, status, body) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function createServer(recognizer) {
  // handle() answers every failure itself, so nothing is left to await.
  return http.createServer((req, res) => void handle(recognizer, req, res));
}

async function handle(recognizer, req, res) {
  const url = new URL(req.url, "http://localhost");
  try {
    if (req.method === "GET" && (url.pathname === "/" || url.pathname === "/index.html")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      fs.createReadStream(PAGE).pipe(res);
    } else if (req.method === "GET" && url.pathname === "/health") {
      sendJson(res, 200, { ok: true });
    } else if (req.method === "POST" && url.pathname === "/recognize") {
      const image = await readBody(req);
      if (image.length === 0) return sendJson(res, 400, { error: "send the image file as the request body" });
      sendJson(res, 200, await recognizer.recognize(image));
    } else {
      sendJson(res, 404, { error: `no route ${req.method} ${url.pathname}` });
    }
  } catch (failure) {
    sendJson(res, failure.status || 500, { error: String(failure.message || failure) });
  }
}

function main() {
  const port = Number(process.env.PORT || 0);
  const host = process.env.HOST || "127.0.0.1";
  const recognizer = createRecognizer();
  const server = createServer(recognizer);
  server.listen(port, host, () => {
    const address = server.address();
    console.log(`OCR Studio listening on http://${host}:${address.port}`);
    recognizer.warm().then(
      () => console.log("English model loaded"),
      (failure) => console.log(`could not load the English model (${failure.message || failure})`),
    );
  });
  const shutdown = () => {
    server.close();
    const exit = () => process.exit(0);
    recognizer.close().then(exit, exit);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

// Started as `node server.js`; when the launcher checker loads this file it only reads the exports.
if (require.main === module) main();

module.exports = { createServer, createRecognizer };
