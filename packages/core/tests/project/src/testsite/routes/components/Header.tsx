export default function Header() {
  return <header>Test site</header>;
}
