import { Outlet } from "@djangokit/runtime";

export default function DocsLayout() {
  return <Outlet />;
}
