export default function ErrorBoundary() {
  return <h1>Something went wrong</h1>;
}
