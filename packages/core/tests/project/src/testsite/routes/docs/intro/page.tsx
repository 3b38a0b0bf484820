export default function Intro() {
  return <h1>Introduction</h1>;
}
