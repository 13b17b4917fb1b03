export { documentBlobKey, documentUploadKey, documentKeyPrefix } from './storage-keys.js';

/** The unique index on documents (bronorganisatie, identificatie). */
export const IDENTIFICATIE_UNIQUE_INDEX = 'documents_bron_ident_uq';

export function isIdentificatieConflict(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === IDENTIFICATIE_UNIQUE_INDEX;
}
