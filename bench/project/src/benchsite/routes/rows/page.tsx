export default function Rows() {
  return null;
}
