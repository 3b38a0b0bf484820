// Not a route: components/ is never routed.
export default function NotARoute() {
  return null;
}
