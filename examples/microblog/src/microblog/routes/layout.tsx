import { Link, Outlet, useData } from "@djangokit/runtime";

export default function Layout() {
  const { postCount } = useData<{ postCount: number }>();
  return (
    <>
      <header>
        <Link to="/">Microblog</Link> <span className="count">{postCount} posts</span>
      </header>
      <main>
        <Outlet />
      </main>
    </>
  );
}
