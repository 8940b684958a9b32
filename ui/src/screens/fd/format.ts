// Dates as an Italian operator reads them.

/** `2025-03-04` → `04/03/2025`; empty for none. */
export function italianDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** An RFC 3339 instant in the operator's time zone: `04/03/2025 14:05`. */
export function italianDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getDate())}/${two(at.getMonth() + 1)}/${at.getFullYear()} ${two(at.getHours())}:${two(at.getMinutes())}`;
}

/** The key of a participant's row: codice fiscale and project. */
export function rowKey(r: { codice_fiscale: string; codice_progetto: string }): string {
  return `${r.codice_fiscale}|${r.codice_progetto}`;
}
