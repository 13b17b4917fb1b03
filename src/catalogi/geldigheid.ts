import { invalidParam } from '../shared/errors.js';

/**
 * Geldigheid rules of the Catalogi API (Open Zaak ztc validators): the end may not precede
 * the start (`date-mismatch`), and two types of one catalogus with the same omschrijving
 * (informatieobjecttypen) or identificatie (zaaktypen) may not be valid at the same time
 * (`overlap`; an empty end is an open interval).
 */
export function checkStartBeforeEnd(begin: string, einde: string | null | undefined): void {
  if (einde && einde < begin) {
    throw invalidParam(
      'nonFieldErrors',
      'date-mismatch',
      'beginGeldigheid should be before eindeGeldigheid.',
    );
  }
}

/** The type a geldigheid is checked for: its catalogus, key value and interval. */
export interface GeldigheidKey {
  catalogusId: number;
  key: string;
  begin: string;
  einde: string | null | undefined;
  exceptUuid?: string;
}

export async function checkNoOverlap(
  repo: { overlapsGeldigheid(v: GeldigheidKey): Promise<boolean> },
  label: string,
  v: GeldigheidKey,
): Promise<void> {
  if (await repo.overlapsGeldigheid(v)) {
    throw invalidParam(
      'nonFieldErrors',
      'overlap',
      `Dit ${label} komt al voor binnen de catalogus en opgegeven geldigheidsperiode.`,
    );
  }
}
