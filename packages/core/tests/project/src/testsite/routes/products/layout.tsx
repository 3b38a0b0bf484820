import { Outlet } from "@djangokit/runtime";

export default function ProductsLayout() {
  return <Outlet />;
}
