export default function Cached() {
  return <h1>Cached</h1>;
}
