// Link on the server (no `document`): the markup of React Router's own Link, attribute for
// attribute, whatever the props, so the browser's Link hydrates it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import {
  Outlet,
  Link as RouterLink,
  StaticRouterProvider,
  createStaticHandler,
  createStaticRouter,
} from "react-router-dom";

import { Link, type LinkProps } from "./link.js";

async function serverRender(element: ReactNode, url: string, basename = "/"): Promise<string> {
  const routes = [
    {
      path: "/",
      element: <Outlet />,
      children: [{ path: "section/:page", element }],
    },
  ];
  const handler = createStaticHandler(routes, { basename });
  const context = await handler.query(new Request(`http://localhost${url}`));
  assert.ok(!(context instanceof Response));
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(<StaticRouterProvider router={router} context={context} />);
}

const CASES: LinkProps[] = [
  { to: "/notes/1" },
  { to: "/notes/1?x=1&y=<2>#top", children: "Note & <1>" },
  { to: "/" },
  { to: "/trailing/" },
  { to: "" },
  { to: "." },
  { to: "..", relative: "path" },
  { to: "../other?q=1" },
  { to: "child/page#h", relative: "route" },
  { to: { pathname: "/object", search: "?a=b", hash: "#c" } },
  { to: { search: "?only=search" } },
  { to: "/notes/2", className: "nav", id: "n2", style: { color: "red" }, title: '"quoted"' },
  { to: "/notes/3", target: "_blank", rel: "noopener", reloadDocument: true },
  { to: "/notes/4", discover: "none", replace: true, state: { from: 1 } },
  { to: "/notes/5", preventScrollReset: true, viewTransition: true, onClick: () => {} },
  { to: "/notes/6", "aria-label": "six", tabIndex: -1, draggable: false, ...{ "data-test": "x" } },
  { to: "https://example.com/away", children: "away" },
  { to: "//example.com/protocol-relative" },
  { to: "mailto:someone@example.com" },
  { to: "/notes/7", prefetch: "none" },
];

describe("Link on the server", () => {
  for (const basename of ["/", "/app"]) {
    it(`renders React Router's markup for every kind of target (basename ${basename})`, async () => {
      const prefix = basename === "/" ? "" : basename;
      for (const props of CASES) {
        const { prefetch: _, ...routerProps } = props;
        const url = `${prefix}/section/page`;
        const ours = await serverRender(<Link {...props} />, url, basename);
        const theirs = await serverRender(<RouterLink {...routerProps} />, url, basename);
        assert.equal(ours, theirs, `to=${JSON.stringify(props.to)}`);
        assert.match(ours, /<a [^>]*href=/);
      }
    });
  }
});
