// React Fast Refresh in the browser, for `dk dev` (decision 0008). `dk dev` copies this file
// to .djangokit/refresh.js; the dev client entry imports it before anything imports React
// DOM, which must find the refresh runtime's hook when it starts.
//
// The build's Babel pass (esbuild.mjs) makes every project module call `register` for its
// components and `exports` with its exports. On an `update` event the live-reload script
// calls `window.__djangokitRefresh.apply(update)`: it imports the changed route modules this
// page has loaded again (a query makes them new modules), and re-renders in place if every
// edited module that ran exports components only; otherwise it answers false and the page
// reloads.
import RefreshRuntime from "react-refresh/runtime";

RefreshRuntime.injectIntoGlobalHook(window);
// `apply` finds the route modules this page loaded among the resource timings.
performance.setResourceTimingBufferSize(100000);

let ran = null; // module id -> whether it exports components only, while an update runs

// A route module's `meta` is part of the route convention, not a component: allowed (the
// page's head keeps the old one until the next navigation).
const ROUTE_MODULE = /(^|\/)(page|layout|not-found)\.[cm]?[jt]sx?$/;

function componentsOnly(id, listing) {
  if (listing === null) return false;
  const exports = { ...listing() };
  if (ROUTE_MODULE.test(id)) delete exports.meta;
  const values = Object.values(exports);
  return values.length > 0 && values.every((value) => RefreshRuntime.isLikelyComponentType(value));
}

function loaded() {
  const urls = new Set();
  for (const entry of performance.getEntriesByType("resource")) {
    const url = new URL(entry.name);
    url.search = "";
    urls.add(url.href);
  }
  return urls;
}

window.__djangokitRefresh = {
  register(type, id) {
    RefreshRuntime.register(type, id);
  },
  signature() {
    return RefreshRuntime.createSignatureFunctionForTransform();
  },
  exports(id, listing) {
    if (ran !== null) ran.set(id, componentsOnly(id, listing));
  },
  /** Hot-apply `{ chunks, modules }`; false when the page must reload instead. */
  async apply(update) {
    const before = loaded();
    const urls = update.chunks
      .map((chunk) => new URL(chunk, location.href).href)
      .filter((url) => before.has(url));
    ran = new Map();
    try {
      const stamp = Date.now();
      await Promise.all(urls.map((url) => import(`${url}?t=${stamp}`)));
      for (const id of update.modules) {
        if (ran.has(id) && !ran.get(id)) return false; // exports more than components
      }
    } finally {
      ran = null;
    }
    if (RefreshRuntime.hasUnrecoverableErrors()) return false;
    RefreshRuntime.performReactRefresh();
    return true;
  },
};
