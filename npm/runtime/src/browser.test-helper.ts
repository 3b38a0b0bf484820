// A browser for the client tests: jsdom's window and document as globals, installed when
// this module is evaluated, so import it before anything that imports react-dom.
// Networking stays Node's own (fetch, Request, AbortController): React Router builds its
// requests with those and the runtime fetches them from a real node:http server.
import { JSDOM } from "jsdom";

export const dom = new JSDOM(
  "<!doctype html><html><head><title>Shell</title></head><body></body></html>",
  {
    url: "http://127.0.0.1/",
    pretendToBeVisual: true,
  },
);

const window = dom.window as unknown as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(window)) {
  if (key in globalThis) {
    continue;
  }
  Object.defineProperty(globalThis, key, {
    configurable: true,
    get: () => {
      const value = window[key];
      // Functions such as getComputedStyle need the window as `this`; classes do not.
      return typeof value === "function" && /^[a-z]/.test(key) ? value.bind(dom.window) : value;
    },
  });
}
// React Router reads a <form> with `new FormData(form)`, which only jsdom's can do.
Object.defineProperty(globalThis, "FormData", { configurable: true, value: dom.window.FormData });

// jsdom does no layout, so it has no scrolling; React Router's scroll restoration calls it.
dom.window.scrollTo = () => {};

/** Every error React reported (hydration mismatches are recoverable errors). */
export const reported: unknown[] = [];
Object.defineProperty(globalThis, "reportError", {
  configurable: true,
  value: (error: unknown) => reported.push(error),
});

/** Collects console.error and console.warn calls until the returned function is called. */
export function captureConsole(): { messages: string[]; restore(): void } {
  const messages: string[] = [];
  const { error, warn } = console;
  console.error = (...args: unknown[]) => messages.push(args.map(String).join(" "));
  console.warn = (...args: unknown[]) => messages.push(args.map(String).join(" "));
  return {
    messages,
    restore() {
      console.error = error;
      console.warn = warn;
    },
  };
}

/** Puts the browser at `url` without loading anything, as a fresh page. */
export function visit(url: string, body: string, head = "<title>Shell</title>"): void {
  dom.reconfigure({ url });
  document.head.innerHTML = head;
  document.body.innerHTML = body;
}

/** Waits until `condition()` holds, checking every few milliseconds, for up to 2 s. */
export async function waitFor(condition: () => boolean, what = "the condition"): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; body: ${document.body.innerHTML}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A left click as a person makes it, bubbling from `element`. */
export function click(element: Element): void {
  element.dispatchEvent(
    new dom.window.MouseEvent("click", { bubbles: true, cancelable: true, button: 0 }),
  );
}

/** The pointer moving onto `element` from outside the window (React's onMouseEnter). */
export function hover(element: Element): void {
  element.dispatchEvent(
    new dom.window.MouseEvent("mouseover", { bubbles: true, relatedTarget: null }),
  );
}

export function $(selector: string): Element {
  const element = document.querySelector(selector);
  if (element === null) {
    throw new Error(`no ${selector} in ${document.body.innerHTML}`);
  }
  return element;
}
