import type { ErrorProps } from "@djangokit/runtime";

export default function ErrorPage({ problem }: ErrorProps) {
  return (
    <>
      <h1>{problem?.title ?? "Something went wrong"}</h1>
      {problem?.detail && <p>{problem.detail}</p>}
    </>
  );
}
