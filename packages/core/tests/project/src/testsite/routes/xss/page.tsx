export default function Xss() {
  return <h1>Payloads</h1>;
}
