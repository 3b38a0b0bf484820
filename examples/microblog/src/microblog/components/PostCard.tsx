import { Link } from "@djangokit/runtime";

export interface Post {
  id: number;
  author: string;
  body: string;
  created: string;
}

export function PostCard({ post }: { post: Post }) {
  return (
    <article className="post">
      <strong>{post.author}</strong> <p>{post.body}</p>
      <Link to={`/posts/${post.id}`}>
        <time dateTime={post.created}>{post.created.slice(0, 16).replace("T", " ")}</time>
      </Link>
    </article>
  );
}
