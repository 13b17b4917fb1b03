import { randomBytes } from 'node:crypto';

/**
 * The one place document storage keys are made (docs/architecture.md "Storage"). Keys are
 * `documents/<first two hex digits of the uuid>/<uuid>.<suffix>`: 256 shard directories
 * with many files each, never a directory per document (creating 100,000 directories costs
 * ext4 an inode-group search each and was the import's bottleneck). Every key of a document
 * starts with documentKeyPrefix, so deleting that prefix removes the document's files.
 */
export const documentKeyPrefix = (uuid: string): string => `documents/${uuid.slice(0, 2)}/${uuid}.`;

/** The file of version `versie` (create and import: versie 1). */
export const documentBlobKey = (uuid: string, versie: number): string =>
  `${documentKeyPrefix(uuid)}${versie}`;

/**
 * A key of its own for a file uploaded with PUT/PATCH, written before the new versie is
 * known (two concurrent updates must never write the same key).
 */
export const documentUploadKey = (uuid: string): string =>
  `${documentKeyPrefix(uuid)}u-${randomBytes(8).toString('hex')}`;

/**
 * The one file the bestandsdelen of a large-file upload are written into, each part at its
 * own offset (the Documenten API bestandsdelen flow). After the merge on unlock it is the version's file, under this key.
 */
export const documentPartsKey = (uuid: string): string =>
  `${documentKeyPrefix(uuid)}d-${randomBytes(8).toString('hex')}`;
