import { Link, useData } from "@djangokit/runtime";

import { type Post, PostCard } from "../../../components/PostCard";

export function meta({ data }: { data: { post: Post } }) {
  return { title: `${data.post.author} on Microblog` };
}

export default function PostPage() {
  const { post } = useData<{ post: Post }>();
  return (
    <>
      <PostCard post={post} />
      <Link to="/">Back to all posts</Link>
    </>
  );
}
