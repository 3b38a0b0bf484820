import { Link } from "@djangokit/runtime";

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is nothing here. <Link to="/">See the latest posts</Link>.
      </p>
    </>
  );
}
