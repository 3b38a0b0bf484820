import { Outlet } from "@djangokit/runtime";

export default function BlogLayout() {
  return <Outlet />;
}
