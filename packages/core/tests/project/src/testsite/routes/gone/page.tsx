export default function Gone() {
  return <h1>Gone</h1>;
}
