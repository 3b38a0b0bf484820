import type { DocumentLike } from "./json.js";

/** A document holding `<script id=…>` elements with the given text, and maybe cookies. */
export function fakeDocument(scripts: Record<string, string>, cookie?: string): DocumentLike {
  return {
    getElementById: (id) => (id in scripts ? { textContent: scripts[id] ?? null } : null),
    ...(cookie === undefined ? {} : { cookie }),
  };
}
