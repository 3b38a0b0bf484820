export default function DocPage() {
  return <h1>A doc page</h1>;
}
