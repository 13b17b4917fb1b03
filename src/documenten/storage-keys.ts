import { randomBytes } from 'node:crypto';

/**
 * The one place document storage keys are made (architecture.md "Storage"). Every key of
 * a document lies under `documents/<uuid>/`, so deleting the document removes the prefix.
 */
export const documentKeyPrefix = (uuid: string): string => `documents/${uuid}`;

/** The file of version `versie` (create and import: versie 1). */
export const documentBlobKey = (uuid: string, versie: number): string => `documents/${uuid}/${versie}`;

/**
 * A key of its own for a file uploaded with PUT/PATCH, written before the new versie is
 * known (two concurrent updates must never write the same key).
 */
export const documentUploadKey = (uuid: string): string =>
  `documents/${uuid}/u-${randomBytes(8).toString('hex')}`;
