import { type AppError, invalidParam, parseError } from '../shared/errors.js';

/**
 * The import's own error codes and their exact (untranslated) reference wording
 * (import.md §1.6). Every import validation error uses the name `__all__`.
 */
const ALL = '__all__';

/** Status labels used in `invalid-status` messages (§1.3). */
export const STATUS_LABELS: Record<string, string> = {
  pending: 'Openstaand',
  active: 'Actief',
  finished: 'Voltooid',
  error: 'Onderbroken',
};

export const existingImportStarted = (): AppError =>
  invalidParam(
    ALL,
    'existing-import-started',
    'Er is een import process gaande. Probeer het later nogmaals.',
  );

export const importDirNotFound = (dir: string): AppError =>
  invalidParam(
    ALL,
    'import-dir-not-found',
    `The import was not started as the import directory ${dir} could not be found`,
  );

export const importDirNotDir = (dir: string): AppError =>
  invalidParam(
    ALL,
    'import-dir-not-dir',
    // Two spaces before "directory": the reference wording.
    `The import was not started as the specified import  directory is not a directory: ${dir}`,
  );

export const invalidStatus = (status: string): AppError =>
  invalidParam(
    ALL,
    'invalid-status',
    `Starting an import process is not possible due to the current status of the import: ${STATUS_LABELS[status] ?? status}`,
  );

export const emptyFile = (): AppError =>
  invalidParam(ALL, 'empty-file', 'The import process cannot be started with an empty import file.');

export const missingImportHeaders = (missing: readonly string[]): AppError =>
  invalidParam(
    ALL,
    'missing-import-headers',
    `The following headers were not found in the CSV file: ${missing.join(',')}`,
  );

export const csvParseError = (reason: string): AppError => parseError(`Unable to parse CSV file: ${reason}`);

export const importInvalidStatus = (status: string): AppError =>
  invalidParam(ALL, 'import-invalid-status', `Import cannot be deleted due to current status: ${status}`);
