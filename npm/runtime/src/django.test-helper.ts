// A node:http server that answers like Django does for the test app of app.test-helper:
// route data for `X-DjangoKit-Data: 1` requests, the login form's action, redirects, and
// an HTML page for a URL that is not a DjangoKit route. It records every request.
import { type IncomingHttpHeaders, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { anonymous, routeData } from "./app.test-helper.js";
import type { User } from "./user.js";

export interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  origin: string;
  seen: Seen[];
  /** The signed-in user; the login action sets it. */
  user: Partial<User>;
  /** The URL prefix the app is mounted below (`""` or `"/app"`). */
  prefix: string;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const state: TestServer = {
    origin: "",
    seen: [],
    user: anonymous,
    prefix: "",
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      state.seen.push({
        method: req.method ?? "",
        path: req.url ?? "/",
        headers: req.headers,
        body,
      });
      const path = (req.url ?? "/").slice(state.prefix.length) || "/";
      const url = new URL(path, "http://x");
      const json = (data: unknown, status = 200) => {
        res.writeHead(status, {
          "Content-Type": "application/json",
          Vary: "Accept, X-DjangoKit-Data",
        });
        res.end(JSON.stringify(data));
      };
      if (url.pathname === "/admin/") {
        res.writeHead(200, { "Content-Type": "text/html" });
        return res.end("<h1>Django administration</h1>");
      }
      if (req.method === "POST" && url.pathname === "/login") {
        const form =
          req.headers["content-type"] === "application/json"
            ? new URLSearchParams(JSON.parse(body) as Record<string, string>)
            : new URLSearchParams(body);
        if (!form.get("password")) {
          return json({
            action: { errors: { password: ["This field is required."] } },
            status: 400,
          });
        }
        state.user = {
          isAuthenticated: true,
          username: form.get("username") ?? "",
          isStaff: false,
        };
        return json({ redirect: `${state.prefix}/` });
      }
      if (url.pathname === "/private" && !state.user.isAuthenticated) {
        return json({ redirect: `${state.prefix}/login?next=/private` });
      }
      const data = routeData(path, state.user);
      if (data.notFound) {
        // As core's NotFoundView answers a route-data request for a URL it has no route for.
        res.writeHead(404, { "Content-Type": "application/problem+json" });
        const problem = { type: "about:blank", title: "Not Found", status: 404 };
        return res.end(JSON.stringify({ ...problem, detail: "No route matches this URL." }));
      }
      return json({
        ...data,
        csrfToken: state.user.isAuthenticated ? "rotated-token" : data.csrfToken,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
