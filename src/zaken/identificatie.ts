export const formatIdentificatie = (prefix: string, n: number): string =>
  `${prefix}${String(n).padStart(10, '0')}`;

/** `ZAAK-YYYY-nnnnnnnnnn` split into prefix and number, or null for other shapes. */
export function splitIdentificatie(
  kind: string,
  identificatie: string,
): { prefix: string; n: number } | null {
  const m = new RegExp(`^(${kind}-\\d{4}-)(\\d{10})$`).exec(identificatie);
  return m ? { prefix: m[1]!, n: Number(m[2]) } : null;
}
