// Server rendering for the browser tests, in a worker thread: its own React and React
// Router instances, as in production where the Node renderer is another process. (In one
// module graph, React warns about two renderers sharing the same contexts.)
import { Worker, isMainThread, parentPort } from "node:worker_threads";

import type { RouteData } from "./protocol.js";
import type { RenderedPage } from "./server.js";

interface Job {
  id: number;
  url: string;
  data: RouteData;
}

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  const [{ renderPage }, { manifest, notFound }] = await Promise.all([
    import("./server.js"),
    import("./app.test-helper.js"),
  ]);
  port.on("message", (job: Job) => {
    renderPage({ routes: manifest, notFound, url: job.url, data: job.data }).then(
      (page) => port.postMessage({ id: job.id, page }),
      (error: unknown) => port.postMessage({ id: job.id, error: String(error) }),
    );
  });
}

/** A renderer in its own thread; `render()` is `renderPage()` over the test app. */
export function startRenderer(): {
  render(url: string, data: RouteData): Promise<RenderedPage>;
  stop(): Promise<number>;
} {
  const worker = new Worker(new URL(import.meta.url));
  const pending = new Map<number, (reply: { page?: RenderedPage; error?: string }) => void>();
  let next = 0;
  worker.on("message", (reply: { id: number; page?: RenderedPage; error?: string }) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  return {
    render(url, data) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, (reply) =>
          reply.page ? resolve(reply.page) : reject(new Error(reply.error)),
        );
        worker.postMessage({ id, url, data });
      });
    },
    stop: () => worker.terminate(),
  };
}
