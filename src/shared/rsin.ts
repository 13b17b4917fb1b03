import { MESSAGES } from './messages.js';

/**
 * RSIN / BSN "11-proef" (the standards' `bronorganisatie`, `rsin`; vng-api-common's
 * validate_rsin): exactly 9 digits where sum(digit[i] * (9 - i)) for i = 0..7 minus digit[8]
 * is divisible by 11.
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
export type RsinCode = 'min_length' | 'max_length' | 'only-digits' | 'invalid';

export function rsinProblem(s: string): { code: RsinCode; reason: string } | null {
  if (s.length < 9) return { code: 'min_length', reason: MESSAGES.minLength(9) };
  if (s.length > 9) return { code: 'max_length', reason: MESSAGES.maxLength(9) };
  if (!/^\d{9}$/.test(s)) return { code: 'only-digits', reason: 'Voer een numerieke waarde in.' };
  if (!isValidRsin(s)) return { code: 'invalid', reason: 'Onjuist RSIN nummer.' };
  return null;
}
