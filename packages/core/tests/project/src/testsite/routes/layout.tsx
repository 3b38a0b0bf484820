import { Outlet } from "@djangokit/runtime";

export default function RootLayout() {
  return <Outlet />;
}
