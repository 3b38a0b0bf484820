// Runs the project's esbuild for DjangoKit's Python build (djangokit.core.build).
//
//   node esbuild.mjs < config.json
//
// The first line of stdin is the JSON config: { mode: "build" | "watch", projectDir,
// client, server (esbuild options, JSON-ready), aliases, runtimeDir, refresh }. Results go to stdout,
// one JSON object per line: { client, server } with each side's errors, warnings and
// metafile. "build" prints one and exits; "watch" prints one per rebuild and stops when
// stdin closes (each later line of stdin is a command: {"rebuild": true} builds again).
// Output files are written only when both bundles built (in watch mode with Fast Refresh,
// an edit's client files as soon as the client built: see "partial" below), and never
// deleted: a failed rebuild leaves the previous bundles in place.
import { existsSync, watch as watchFiles } from "node:fs";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import process from "node:process";

import { refreshPlugin } from "./refresh-plugin.mjs";

// What a save in the project's package or .djangokit/ may change in the bundles: not Python,
// not JSON (.djangokit/ holds the manifest, written after every build),
// not editors' or Python's temporary and cache files.
const WATCHED = /^(?!.*(?:^|[\\/])(?:\.|__pycache__|node_modules)).*\.(?:[cm]?[jt]sx?|css|svg|png|jpe?g|gif|webp|avif|woff2?|ttf|otf)$/;

const PEERS = /^(react|react-dom|react-router|react-router-dom|scheduler)(\/.*)?$/;

function emit(value) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function fail(error) {
  const message = error instanceof Error ? error.message : String(error);
  emit({ fatal: message, stack: error instanceof Error ? error.stack : undefined });
  process.exit(1);
}

/** What watch mode does with each line of stdin after the first (a command). */
let onCommand = () => undefined;

/** Reads stdin a line at a time: resolves with the first (the config), or with all of it if
 * stdin ends before a newline; hands every later line to `onCommand`. */
function firstLine() {
  return new Promise((resolve, reject) => {
    let buffer = "";
    let first = true;
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => {
      buffer += chunk;
      for (let newline; (newline = buffer.indexOf("\n")) >= 0; ) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (first) resolve(line);
        else onCommand(line);
        first = false;
      }
    });
    process.stdin.on("end", () => resolve(buffer)); // no-op once the first line came
    process.stdin.on("error", reject);
  });
}

/**
 * `@djangokit/runtime` from the sources core ships (or a checkout's), and the React
 * packages those sources import from the project's node_modules: they live outside the
 * project, where no node_modules holds them (or, in a checkout, holds a second React).
 */
function runtimePlugin(config) {
  return {
    name: "djangokit-runtime",
    setup(build) {
      const aliases = config.aliases;
      const runtimeDir = config.runtimeDir;
      // The runtime has no side effects on import (npm/runtime/package.json says so), but
      // the copy in the core wheel has no package.json to say it: tell esbuild, so that
      // modules a page does not use are left out.
      if (aliases) {
        build.onResolve({ filter: /^@djangokit\/runtime(\/server)?$/ }, (args) => ({
          path: aliases[args.path],
          sideEffects: false,
        }));
      }
      if (runtimeDir) {
        build.onResolve({ filter: /^\.\.?\// }, async (args) => {
          if (args.pluginData?.djangokitRuntime || !args.importer.startsWith(runtimeDir + sep)) {
            return undefined;
          }
          const found = await build.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            pluginData: { djangokitRuntime: true },
          });
          if (found.errors.length > 0 || !found.path.startsWith(runtimeDir + sep)) {
            return undefined; // esbuild resolves (and reports) it as usual
          }
          return { path: found.path, namespace: found.namespace, sideEffects: false };
        });
      }
      if (runtimeDir) {
        build.onResolve({ filter: PEERS }, async (args) => {
          if (!args.importer.startsWith(runtimeDir + sep)) {
            return undefined;
          }
          const found = await build.resolve(args.path, {
            kind: args.kind,
            resolveDir: config.projectDir,
          });
          if (found.errors.length > 0) {
            return { errors: [{ text: `Could not resolve "${args.path}"` }] };
          }
          return {
            path: found.path,
            external: found.external,
            namespace: found.namespace,
            sideEffects: found.sideEffects,
            suffix: found.suffix,
          };
        });
      }
    },
  };
}

function summary(result) {
  return {
    errors: result.errors ?? [],
    warnings: result.warnings ?? [],
    metafile: result.metafile ?? null,
  };
}

/** The client's source maps go to `mapsDir` (`sourcemap = "hidden"`), out of the static files. */
function relocateMaps(files, outdir, mapsDir) {
  if (!mapsDir) return files;
  return (files ?? []).map((file) =>
    file.path.endsWith(".map")
      ? { path: join(mapsDir, relative(outdir, file.path)), contents: file.contents }
      : file,
  );
}

// What this process last wrote to each path: a rebuild compares with it, not with the disk
// (some 4 MB of JavaScript and maps in a dev build, most of it unchanged React).
const lastWritten = new Map();

/** Writes the files whose bytes changed; their paths. */
async function writeOutputs(files) {
  const written = [];
  for (const file of files ?? []) {
    const known = lastWritten.get(file.path);
    const before =
      known !== undefined && (await stat(file.path).catch(() => null))?.size === known.length
        ? known
        : await readFile(file.path).catch(() => null);
    if (before !== null && Buffer.compare(before, file.contents) === 0) {
      lastWritten.set(file.path, file.contents);
      continue; // unchanged: keep the mtime, so nothing downstream reloads for nothing
    }
    written.push(file.path);
    await mkdir(dirname(file.path), { recursive: true });
    const tmp = join(dirname(file.path), `.${process.pid}.tmp`);
    await writeFile(tmp, file.contents);
    await rename(tmp, file.path); // a server reading the file never sees half of it
    lastWritten.set(file.path, file.contents);
  }
  return written;
}

async function attempt(run) {
  try {
    return await run();
  } catch (error) {
    if (Array.isArray(error?.errors)) {
      return error; // esbuild's BuildFailure: { errors, warnings }
    }
    throw error;
  }
}

async function main() {
  const config = JSON.parse(await firstLine());
  const require = createRequire(join(config.projectDir, "package.json"));
  const esbuild = require("esbuild");
  if (typeof esbuild.context !== "function") {
    throw new Error(
      `esbuild ${esbuild.version} is too old: DjangoKit needs 0.17 or later. ` +
        `Run \`npm install esbuild@latest\` in ${config.projectDir}.`,
    );
  }
  const plugins = [runtimePlugin(config)];
  const clientFiles = (result) =>
    relocateMaps(result.outputFiles, config.client.outdir, config.clientMapsDir);
  const common = { write: false, metafile: true, logLevel: "silent" };
  const client = { ...config.client, ...common, plugins };
  const server = { ...config.server, ...common, plugins };

  if (config.mode === "build") {
    const [c, s] = await Promise.all([
      attempt(() => esbuild.build(client)),
      attempt(() => esbuild.build(server)),
    ]);
    if (c.errors.length === 0 && s.errors.length === 0) {
      await writeOutputs(clientFiles(c));
      await writeOutputs(s.outputFiles);
    }
    emit({ client: summary(c), server: summary(s) });
    return;
  }

  // Watch: esbuild watches the client build's files; each client build also rebuilds the
  // server bundle (same sources), so one change gives one result with both bundles. Without
  // Fast Refresh the server build starts with the client's, to save time. With it, an edit
  // of the project's modules is reported as soon as the client is built ("partial", with the
  // previous server build: the open page imports the new modules while the server bundle is
  // rebuilt, instead of the two builds sharing the CPU), then again with the new server.
  const serverContext = await esbuild.context(server);
  let started = Date.now();
  let serverBuild = null;
  let lastServer = null; // the latest server build without errors
  // Fast Refresh: the modules edited since the last good build, and the client files that
  // build changed (the browser imports those again).
  const edited = new Set();
  const onEnd = async (c) => {
    try {
      if (c.errors.length > 0) {
        await serverBuild; // never two server builds at once
        serverBuild = null;
        emit({ client: summary(c), server: null, ms: Date.now() - started });
        return;
      }
      let early = null;
      if (config.refresh && edited.size > 0 && lastServer !== null && serverBuild === null) {
        const changed = await writeOutputs(clientFiles(c));
        early = { edited: [...edited].sort(), changed };
        edited.clear();
        emit({ client: summary(c), server: summary(lastServer), partial: true, refresh: early });
      }
      const s = await (serverBuild ?? attempt(() => serverContext.rebuild()));
      serverBuild = null;
      let refresh;
      if (s.errors.length === 0) {
        lastServer = s;
        const changed = early === null ? await writeOutputs(clientFiles(c)) : early.changed;
        await writeOutputs(s.outputFiles);
        if (config.refresh) {
          refresh = early ?? { edited: [...edited].sort(), changed };
          edited.clear();
        }
      }
      emit({ client: summary(c), server: summary(s), ms: Date.now() - started, refresh });
    } catch (error) {
      emit({ client: { errors: [{ text: String(error?.stack ?? error) }], warnings: [] } });
    }
  };
  // With Fast Refresh the route modules are entry points too, named without a hash, so a
  // page's URL (and the import() that loads it) stays the same when the page changes. A new
  // or removed route module changes the entry points: a new context then builds them.
  const refreshPlugins = config.refresh ? [refreshPlugin(config, require, edited)] : [];
  let routeModules = [...(config.refresh?.entries ?? [])].sort();
  let clientContext = null;
  const routeChange = (c) => {
    if (!config.refresh || !c.metafile) return null;
    const routes = Object.entries(c.metafile.inputs).find(([key]) =>
      join(config.projectDir, key).endsWith(`${sep}.djangokit${sep}routes.ts`),
    );
    if (!routes) return null;
    const found = routes[1].imports
      .filter((i) => i.kind === "dynamic-import" && !i.external)
      .map((i) => join(config.projectDir, i.path))
      .sort();
    return JSON.stringify(found) === JSON.stringify(routeModules) ? null : found;
  };
  // A deleted route module is an entry point this context can no longer build, whatever
  // routes.ts says: the entry points without it, for a new context (or null).
  const removedRouteModules = () => {
    const present = routeModules.filter((path) => existsSync(path));
    return present.length === routeModules.length ? null : present;
  };
  const makeContext = () =>
    esbuild.context({
      ...client,
      entryPoints: [...client.entryPoints, ...routeModules],
      plugins: [
        ...plugins,
        ...refreshPlugins,
        {
          name: "djangokit-watch",
          setup(build) {
            build.onStart(() => {
              building = true;
              started = Date.now();
              if (!config.refresh) serverBuild = attempt(() => serverContext.rebuild());
            });
            build.onEnd(async (c) => {
              const found = c.errors.length === 0 ? routeChange(c) : removedRouteModules();
              if (found) {
                // Not reported: the new context's first build, with the new entry points,
                // is the one the page should reload for (and ends `building`).
                await serverBuild;
                serverBuild = null;
                routeModules = found;
                setTimeout(restart, 0); // not from inside the old context's own callback
                return;
              }
              await onEnd(c);
              building = false;
              if (pending) {
                pending = false;
                setTimeout(kick, 0);
              }
            });
          },
        },
      ],
    });
  let stopping = false;
  const restart = async () => {
    const old = clientContext;
    clientContext = await makeContext();
    await old?.dispose();
    if (!stopping) await clientContext.watch();
  };
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await clientContext?.dispose();
    await serverContext.dispose();
    process.exit(0);
  };
  // esbuild's watch mode polls: a save is seen some 50-200 ms later. With Fast Refresh the
  // project's package and the generated entries are also watched by the OS (fs.watch), and
  // a save there rebuilds at once. esbuild's own watch stays for everything else (it may
  // rebuild once more after one of these, to find nothing changed).
  let building = false;
  let pending = false;
  let timer = null;
  const kick = () => {
    if (stopping || clientContext === null) return;
    if (building) {
      pending = true; // once this build is over: it may have read the file before the save
      return;
    }
    clientContext.rebuild().catch(() => undefined); // onEnd has reported it
  };
  const saved = (filename) => {
    if (filename && !WATCHED.test(filename)) return;
    clearTimeout(timer);
    timer = setTimeout(kick, 10); // a save is often a truncate and a write
  };
  if (config.refresh) {
    for (const [dir, recursive] of [
      [config.refresh.sourceDir, true],
      [dirname(config.server.entryPoints[0]), false],
    ]) {
      try {
        const watcher = watchFiles(dir, { recursive }, (_event, name) => saved(name));
        watcher.on("error", () => undefined); // esbuild's polling goes on
      } catch {
        // no recursive fs.watch here: esbuild's polling alone
      }
    }
  }
  // Commands from Python, a line each: a build that failed on a routes.ts which changed
  // while it ran is built again (djangokit.core.build._watch).
  onCommand = (line) => {
    try {
      if (JSON.parse(line).rebuild) kick();
    } catch {
      // not JSON: ignored, as an unknown command is
    }
  };
  process.stdin.on("end", stop);
  process.stdin.on("close", stop);
  process.stdin.resume();
  await restart();
}

main().catch(fail);
