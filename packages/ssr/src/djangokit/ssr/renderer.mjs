// The DjangoKit SSR renderer (decision 0004): loads a project's server bundle once and renders
// many pages with it, over HTTP/1.1 on host:port or a Unix socket (a separately run
// renderer), or in length-prefixed frames on a Unix socket (a pool worker: --frames).
//
//   node renderer.mjs --bundle <server.mjs> --socket <path> --frames [--watch-stdin] [--report-rss]
//   node renderer.mjs --bundle <server.mjs> --host 127.0.0.1 --port 3001   (or --socket <path>)
//   node renderer.mjs --bundle <server.mjs> --once < request.json    (the subprocess backend)
//
// POST /render  {"url": "/blog?x=1", "data": {...route data...}}
//   200 {"html", "head", "status", "rss"}   500 {"error", "stack", "rss"}
//   ("rss", the resident memory, only with --report-rss: reading it costs about as much as
//   rendering a small page, and only a pool with max_memory_mb looks at it)
// GET /health   200 {"ok": true, "pid", "bundle", "version", "rss"}
//
// Frames (--frames): each request is a 4-byte big-endian length and that many bytes of JSON,
// a render request as above or {"health": true}; each answer is a 4-byte length, then a
// 2-byte status, the resident memory in KiB (4 bytes, 0 without --report-rss), the head's
// length in bytes (4 bytes), the head and the markup, or for an error or a health answer
// an empty head and its JSON. The markup is not JSON-encoded here and decoded in Django,
// nor are HTTP headers parsed and written: 0.565-0.600 -> 0.440-0.500 ms of this process's
// CPU per render of a 100-row page (decision 4), and ~40 us of Django's.
//
// The bundle's mtime and size are its version: when a rebuild replaces the file (esbuild.mjs
// renames it into place), the next render imports it again with a `?v=` query.

import { statSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createFrameServer } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

function parseArgs(argv) {
  const args = {
    bundle: null,
    socket: null,
    host: null,
    port: null,
    once: false,
    watchStdin: false,
    reportRss: false,
    frames: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--once") args.once = true;
    else if (arg === "--watch-stdin") args.watchStdin = true;
    else if (arg === "--report-rss") args.reportRss = true;
    else if (arg === "--frames") args.frames = true;
    else if (arg === "--bundle") args.bundle = resolve(argv[++i]);
    else if (arg === "--socket") args.socket = argv[++i];
    else if (arg === "--host") args.host = argv[++i];
    else if (arg === "--port") args.port = Number(argv[++i]);
    else throw new Error(`renderer.mjs: unknown argument ${arg}`);
  }
  if (!args.bundle) throw new Error("renderer.mjs: --bundle <server.mjs> is required");
  if (args.frames && !args.socket) throw new Error("renderer.mjs: --frames needs --socket");
  return args;
}

const args = parseArgs(process.argv.slice(2));
let loaded = { version: null, mtimeMs: 0, size: -1, module: null };

async function bundle() {
  const stat = statSync(args.bundle, { throwIfNoEntry: false });
  if (stat === undefined) {
    throw new Error(`no server bundle at ${args.bundle}; run \`dk build\``);
  }
  if (stat.mtimeMs !== loaded.mtimeMs || stat.size !== loaded.size) {
    const version = `${stat.mtimeMs}-${stat.size}`;
    const url = `${pathToFileURL(args.bundle).href}?v=${encodeURIComponent(version)}`;
    const module = await import(url);
    if (typeof module.render !== "function") {
      throw new Error(`the server bundle ${args.bundle} exports no render()`);
    }
    loaded = { version, mtimeMs: stat.mtimeMs, size: stat.size, module };
  }
  return loaded.module;
}

function rss() {
  return process.memoryUsage.rss();
}

// A render's answer: with the resident memory only when asked (--report-rss).
function answer(body) {
  if (args.reportRss) body.rss = rss();
  return body;
}

async function render(request) {
  if (!request || typeof request.url !== "string" || typeof request.data !== "object") {
    return [400, answer({ error: 'a render request is {"url": string, "data": object}' })];
  }
  try {
    const module = await bundle();
    const page = await module.render(request.url, request.data);
    return [200, answer({ html: page.html, head: page.head ?? "", status: page.status })];
  } catch (error) {
    return [500, answer({ error: String(error?.message ?? error), stack: error?.stack })];
  }
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

// The request body as text; plain events, not an async iterator (cheaper per render).
function readBody(req) {
  return new Promise((resolveBody, reject) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      resolveBody(body.toString("utf8"));
    });
    req.on("error", reject);
  });
}

async function health() {
  try {
    await bundle();
  } catch (error) {
    return [503, { ok: false, error: String(error.message), pid: process.pid }];
  }
  const { version } = loaded;
  return [200, { ok: true, pid: process.pid, bundle: args.bundle, version, rss: rss() }];
}

async function handle(req, res) {
  if (req.method === "GET" && req.url === "/health") {
    return send(res, ...(await health()));
  }
  if (req.method !== "POST" || req.url !== "/render") {
    return send(res, 404, { error: `no ${req.method} ${req.url}; POST /render or GET /health` });
  }
  let request;
  try {
    request = JSON.parse(await readBody(req));
  } catch (error) {
    return send(res, 400, { error: `the request is not JSON: ${error.message}` });
  }
  const [status, body] = await render(request);
  send(res, status, body);
}

// One frame's answer: the 10-byte header, the head and the body (see the top of this file).
function frame(status, head, body) {
  const kib = args.reportRss ? Math.round(rss() / 1024) : 0;
  const headLength = Buffer.byteLength(head);
  const length = 10 + headLength + Buffer.byteLength(body);
  const out = Buffer.allocUnsafe(4 + length);
  out.writeUInt32BE(length, 0);
  out.writeUInt16BE(status, 4);
  out.writeUInt32BE(kib, 6);
  out.writeUInt32BE(headLength, 10);
  out.write(head, 14);
  out.write(body, 14 + headLength);
  return out;
}

async function answerFrame(text) {
  let request;
  try {
    request = JSON.parse(text);
  } catch (error) {
    return frame(400, "", JSON.stringify({ error: `the request is not JSON: ${error.message}` }));
  }
  if (request?.health === true) {
    const [status, body] = await health();
    return frame(status, "", JSON.stringify(body));
  }
  const [status, body] = await render(request);
  if (status !== 200) return frame(status, "", JSON.stringify(body));
  return frame(200, body.head ?? "", body.html ?? "");
}

// A pool worker's connection: requests one after the other, each answered in order.
function serveFrames(conn) {
  let pending = Buffer.alloc(0);
  let queue = Promise.resolve();
  conn.on("data", (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const end = 4 + pending.readUInt32BE(0);
      if (pending.length < end) break;
      const text = pending.toString("utf8", 4, end);
      pending = pending.subarray(end);
      queue = queue
        .then(() => answerFrame(text))
        .catch((error) => frame(500, "", JSON.stringify({ error: String(error) })))
        .then((out) => conn.write(out));
    }
  });
  conn.on("error", () => conn.destroy());
}

async function once() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const [status, body] = await render(JSON.parse(Buffer.concat(chunks).toString("utf8")));
  process.stdout.write(JSON.stringify(body));
  process.exitCode = status === 200 ? 0 : 1;
}

if (args.once) {
  await once();
} else {
  const server = args.frames
    ? createFrameServer(serveFrames)
    : createServer((req, res) => {
        handle(req, res).catch((error) => send(res, 500, { error: String(error) }));
      });
  if (!args.frames) {
    server.keepAliveTimeout = 0; // the Python side keeps its connections as long as it likes
    server.headersTimeout = 0;
    server.requestTimeout = 0;
  }
  if (args.watchStdin) {
    // A pool worker's stdin is a pipe from Django: when Django goes away (even by SIGKILL),
    // the pipe closes and the worker follows, so no renderer is orphaned.
    process.stdin.on("end", () => process.exit(0));
    process.stdin.on("error", () => process.exit(0));
    process.stdin.resume();
  }
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
  const ready = () => {
    const where = args.socket ?? `http://${args.host}:${server.address().port}`;
    if (!args.socket) process.stderr.write(`djangokit-ssr: rendering ${args.bundle} at ${where}\n`);
    bundle().catch(() => {}); // warm up: import the bundle before the first request
  };
  server.on("error", (error) => {
    process.stderr.write(`djangokit-ssr: ${error.message}\n`);
    process.exit(1);
  });
  if (args.socket) server.listen(args.socket, ready);
  else server.listen(args.port ?? 3001, args.host ?? "127.0.0.1", ready);
}
