import { AppError, invalidParam, parseError } from '../shared/errors.js';

/**
 * The import's own error codes and their exact (untranslated) reference wording
 * (Open Zaak's bulk import of EnkelvoudigInformatieObjecten, its `import/...` endpoints). Every
 * import validation error uses the name `__all__`.
 */
const ALL = '__all__';

export type ImportErrorCode =
  | 'duplicate-csv'
  | 'empty-file'
  | 'existing-import-started'
  | 'import-dir-not-dir'
  | 'import-dir-not-found'
  | 'import-invalid-status'
  | 'invalid-status'
  | 'missing-import-headers';

const importError = (code: ImportErrorCode, reason: string): AppError => invalidParam(ALL, code, reason);

/** Status labels used in `invalid-status` messages (Open Zaak's import status labels). */
export const STATUS_LABELS: Record<string, string> = {
  pending: 'Openstaand',
  active: 'Actief',
  finished: 'Voltooid',
  error: 'Onderbroken',
};

/**
 * The reference's code and reason prefix, then which import holds the slot and what to do
 * (issue 10 #10): a pending one is waiting for its CSV, an active one is running or paused.
 */
export const existingImportStarted = (blocking?: {
  uuid: string;
  status: string;
  paused: boolean;
}): AppError => {
  const base = 'Er is een import process gaande. Probeer het later nogmaals.';
  if (!blocking) return importError('existing-import-started', base);
  const what =
    blocking.status === 'pending'
      ? `Import ${blocking.uuid} wacht op zijn CSV (status pending): upload de CSV naar die import, of annuleer hem (POST .../import/${blocking.uuid}/cancel).`
      : blocking.paused
        ? `Import ${blocking.uuid} is gepauzeerd (status active): hervat hem (POST .../import/${blocking.uuid}/resume) of annuleer hem (POST .../import/${blocking.uuid}/cancel).`
        : `Import ${blocking.uuid} loopt (status active): wacht tot hij klaar is, of annuleer hem (POST .../import/${blocking.uuid}/cancel).`;
  return importError('existing-import-started', `${base} ${what}`);
};

export const duplicateCsv = (earlier: string): AppError =>
  importError(
    'duplicate-csv',
    `Deze CSV is al geïmporteerd door import ${earlier}. Upload zonder refuseDuplicate=true om hem toch te importeren (vul dan de kolom uuid, zodat dubbele rijen worden geweigerd).`,
  );

/** Cancel/pause/resume on an import whose status does not allow it. */
export const operationInvalidStatus = (operation: string, status: string, paused = false): AppError =>
  importError(
    'import-invalid-status',
    `Import cannot be ${operation} due to current status: ${status}${paused ? ' (paused)' : ''}`,
  );

/** GET report before the end: why there is no report yet (issue 10 #10). */
export const reportNotReady = (imp: { status: string; processed: number; total: number; paused: boolean }) =>
  new AppError(
    404,
    'not_found',
    imp.status === 'pending'
      ? 'Er is nog geen rapport: de import wacht op zijn CSV (status pending).'
      : `Er is nog geen rapport: de import is ${imp.paused ? 'gepauzeerd' : 'bezig'} (status active, ${imp.processed} van ${imp.total} rijen verwerkt). Het rapport komt er als de import klaar is (finished of error).`,
  );

export const CANCELLED = 'geannuleerd';

export const importDirNotFound = (dir: string): AppError =>
  importError(
    'import-dir-not-found',
    `The import was not started as the import directory ${dir} could not be found`,
  );

export const importDirNotDir = (dir: string): AppError =>
  importError(
    'import-dir-not-dir',
    // Two spaces before "directory": the reference wording.
    `The import was not started as the specified import  directory is not a directory: ${dir}`,
  );

export const invalidStatus = (status: string): AppError =>
  importError(
    'invalid-status',
    `Starting an import process is not possible due to the current status of the import: ${STATUS_LABELS[status] ?? status}`,
  );

export const emptyFile = (): AppError =>
  importError('empty-file', 'The import process cannot be started with an empty import file.');

export const missingImportHeaders = (missing: readonly string[]): AppError =>
  importError(
    'missing-import-headers',
    `The following headers were not found in the CSV file: ${missing.join(',')}`,
  );

export const csvParseError = (reason: string): AppError => parseError(`Unable to parse CSV file: ${reason}`);

export const importInvalidStatus = (status: string): AppError =>
  importError('import-invalid-status', `Import cannot be deleted due to current status: ${status}`);
