/**
 * A short masked excerpt of a matched value for the folder report: enough to
 * find it again in the file (`1101***********02X`), too little to read it.
 * At most a quarter of the characters from the start (six at most) and a
 * sixth from the end (four at most) stay; one- to three-character values
 * (names) keep only their first character; long values are shortened.
 */
export function maskExcerpt(value: string): string {
  const chars = [...value.replace(/\s+/g, ' ').trim()];
  const n = chars.length;
  if (n === 0) return '';
  if (n === 1) return '*';
  if (n <= 3) return chars[0] + '*'.repeat(n - 1);
  const head = Math.min(6, Math.max(1, Math.floor(n / 4)));
  const tail = Math.min(4, Math.floor(n / 6));
  const hidden = n - head - tail;
  const stars = hidden > 12 ? `${'*'.repeat(6)}…${'*'.repeat(6)}` : '*'.repeat(hidden);
  return chars.slice(0, head).join('') + stars + chars.slice(n - tail).join('');
}
