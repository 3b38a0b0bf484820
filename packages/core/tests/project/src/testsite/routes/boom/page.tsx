export default function Boom() {
  return <h1>Never rendered without data</h1>;
}
