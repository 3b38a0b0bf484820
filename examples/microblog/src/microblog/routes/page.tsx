import { Form, useActionData, useData, useNavigation } from "@djangokit/runtime";
import { useState } from "react";

import { type Post, PostCard } from "../components/PostCard";

interface Errors {
  errors: Record<string, string[]>;
  values: Record<string, string>;
}

export function meta() {
  return { title: "Microblog" };
}

export default function Home() {
  const { posts } = useData<{ posts: Post[] }>();
  const action = useActionData<Errors>();
  const busy = useNavigation().state === "submitting";
  const [length, setLength] = useState(action?.values.body?.length ?? 0);
  return (
    <>
      <h1>Latest posts</h1>
      <Form method="post" className="new-post">
        <input name="author" placeholder="Your name" defaultValue={action?.values.author} />
        {action?.errors.author && <p className="error">{action.errors.author.join(" ")}</p>}
        <textarea
          name="body"
          placeholder="What's new?"
          defaultValue={action?.values.body}
          onChange={(event) => setLength(event.target.value.length)}
        />
        <span className="remaining">{280 - length} characters left</span>
        {action?.errors.body && <p className="error">{action.errors.body.join(" ")}</p>}
        <button type="submit" disabled={busy}>
          Post
        </button>
      </Form>
      {posts.length === 0 ? <p>No posts yet.</p> : posts.map((p) => <PostCard key={p.id} post={p} />)}
    </>
  );
}
