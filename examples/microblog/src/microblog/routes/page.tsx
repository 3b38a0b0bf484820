import { FieldErrors, Form, useData, useField, useNavigation } from "@djangokit/runtime";
import { useState } from "react";

import { type Post, PostCard } from "../components/PostCard";
import type { ActionData } from "./+types";

export function meta() {
  return { title: "Microblog" };
}

export default function Home() {
  const { posts } = useData<{ posts: Post[] }>();
  const busy = useNavigation().state === "submitting";
  const body = useField<ActionData>("body"); // after a failed post: the typed text
  const [length, setLength] = useState(String(body.defaultValue ?? "").length);
  return (
    <>
      <h1>Latest posts</h1>
      <Form method="post" className="new-post">
        <FieldErrors<ActionData> name="__all__" />
        <input {...useField<ActionData>("author")} placeholder="Your name" />
        <FieldErrors<ActionData> name="author" />
        <textarea
          {...body}
          placeholder="What's new?"
          onChange={(event) => setLength(event.target.value.length)}
        />
        <span className="remaining">{280 - length} characters left</span>
        <FieldErrors<ActionData> name="body" />
        <button type="submit" disabled={busy}>
          Post
        </button>
      </Form>
      {posts.length === 0 ? <p>No posts yet.</p> : posts.map((p) => <PostCard key={p.id} post={p} />)}
    </>
  );
}
