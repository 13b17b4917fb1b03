/**
 * RSIN / BSN "11-proef" (documenten-api.md §1.2 `bronorganisatie`): exactly 9 digits
 * where sum(digit[i] * (9 - i)) for i = 0..7 minus digit[8] is divisible by 11.
 */
export function isValidRsin(s: string): boolean {
  if (!/^\d{9}$/.test(s)) return false;
  let total = 0;
  for (let i = 0; i < 8; i++) total += Number(s[i]) * (9 - i);
  total -= Number(s[8]);
  return total % 11 === 0;
}

/**
 * The Open Zaak error (code, reason) for an RSIN field, or null when valid:
 * `min_length`/`max_length` for the wrong length, `only-digits`, then `invalid`.
 */
export function rsinProblem(s: string): { code: string; reason: string } | null {
  if (s.length < 9)
    return { code: 'min_length', reason: 'Zorg ervoor dat dit veld minimaal 9 karakters bevat.' };
  if (s.length > 9)
    return { code: 'max_length', reason: 'Zorg ervoor dat dit veld niet meer dan 9 karakters bevat.' };
  if (!/^\d{9}$/.test(s)) return { code: 'only-digits', reason: 'Voer een numerieke waarde in.' };
  if (!isValidRsin(s)) return { code: 'invalid', reason: 'Onjuist RSIN nummer.' };
  return null;
}
