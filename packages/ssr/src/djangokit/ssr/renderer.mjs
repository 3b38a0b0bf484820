// The DjangoKit SSR renderer (decision 0004): loads a project's server bundle once and renders
// many pages with it, over HTTP/1.1 on a Unix socket (a pool worker) or on host:port (a
// separately run renderer).
//
//   node renderer.mjs --bundle <server.mjs> --socket <path> [--watch-stdin] [--report-rss]
//   node renderer.mjs --bundle <server.mjs> --host 127.0.0.1 --port 3001
//   node renderer.mjs --bundle <server.mjs> --once < request.json    (the subprocess backend)
//
// POST /render  {"url": "/blog?x=1", "data": {...route data...}}
//   200 {"html", "head", "status", "rss"}   500 {"error", "stack", "rss"}
//   ("rss", the resident memory, only with --report-rss: reading it costs about as much as
//   rendering a small page, and only a pool with max_memory_mb looks at it)
// GET /health   200 {"ok": true, "pid", "bundle", "version", "rss"}
//
// The bundle's mtime and size are its version: when a rebuild replaces the file (esbuild.mjs
// renames it into place), the next render imports it again with a `?v=` query.

import { statSync } from "node:fs";
import { createServer } from "node:http";
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
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--once") args.once = true;
    else if (arg === "--watch-stdin") args.watchStdin = true;
    else if (arg === "--report-rss") args.reportRss = true;
    else if (arg === "--bundle") args.bundle = resolve(argv[++i]);
    else if (arg === "--socket") args.socket = argv[++i];
    else if (arg === "--host") args.host = argv[++i];
    else if (arg === "--port") args.port = Number(argv[++i]);
    else throw new Error(`renderer.mjs: unknown argument ${arg}`);
  }
  if (!args.bundle) throw new Error("renderer.mjs: --bundle <server.mjs> is required");
  return args;
}

const args = parseArgs(process.argv.slice(2));
let loaded = { version: null, module: null };

async function bundle() {
  let stat;
  try {
    stat = statSync(args.bundle);
  } catch {
    throw new Error(`no server bundle at ${args.bundle}; run \`dk build\``);
  }
  const version = `${stat.mtimeMs}-${stat.size}`;
  if (loaded.version !== version) {
    const url = `${pathToFileURL(args.bundle).href}?v=${encodeURIComponent(version)}`;
    const module = await import(url);
    if (typeof module.render !== "function") {
      throw new Error(`the server bundle ${args.bundle} exports no render()`);
    }
    loaded = { version, module };
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

async function handle(req, res) {
  if (req.method === "GET" && req.url === "/health") {
    let version = loaded.version;
    try {
      await bundle();
      version = loaded.version;
    } catch (error) {
      return send(res, 503, { ok: false, error: String(error.message), pid: process.pid });
    }
    return send(res, 200, { ok: true, pid: process.pid, bundle: args.bundle, version, rss: rss() });
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
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, { error: String(error) }));
  });
  server.keepAliveTimeout = 0; // the Python side keeps its connections for as long as it likes
  server.headersTimeout = 0;
  server.requestTimeout = 0;
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
