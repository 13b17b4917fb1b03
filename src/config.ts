import path from 'node:path';

/**
 * The only reader of process.env (docs/architecture.md). Every variable of the run contract
 * (README "Configuration") is parsed once into a frozen, typed object; a bad value stops
 * start-up with one message naming every bad variable.
 */
export interface ZgwService {
  apiRoot: string;
  clientId: string;
  secret: string;
}
/** The service list format of CATALOGI_SERVICES (kept; a ZGW_SERVICES entry is the same). */
export type CatalogiService = ZgwService;

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  /** Connections of the API's pool (the background thread of `npm start` has its own). */
  databasePoolSize: number;
  /** Longest wait for a pooled connection (or a new one) before a request answers 503. */
  databaseConnectTimeoutMs: number;
  /** Server-side statement_timeout of the API's connections; 0 = none. */
  databaseStatementTimeoutMs: number;
  /** statement_timeout of the import and retention connections; 0 = none. */
  importStatementTimeoutMs: number;
  /** SIGTERM/SIGINT: the graceful part of a stop is given this long, then the process exits anyway. */
  shutdownTimeoutSeconds: number;
  dataDir: string;
  storageDir: string;
  importBaseDir: string;
  importBatchSize: number;
  importRetentionDays: number;
  /** Default of an import's pauseAfterFailures (0 = off): pause when the first N rows all fail. */
  importPauseAfterFailures: number;
  importMaxUploadBytes: number;
  importLeaseSeconds: number;
  importDbOutageSeconds: number;
  /** A source file whose reads make no progress for this long fails its row (hung filesystem). */
  importSourceStallSeconds: number;
  apiMaxBodyBytes: number;
  /** Size of one bestandsdeel of a large-file upload (the Documenten API bestandsdelen flow). */
  bestandsdelenPartBytes: number;
  /** A large-file upload with no part uploaded for this long is abandoned and cleaned up. */
  bestandsdelenRetentionHours: number;
  /** Services for external informatieobjecttypen: CATALOGI_SERVICES, then ZGW_SERVICES. */
  catalogiServices: readonly CatalogiService[];
  /** Services for remote zaken/besluiten of objectinformatieobjecten: ZGW_SERVICES, then CATALOGI_SERVICES. */
  zgwServices: readonly ZgwService[];
  bootstrapClientId: string | undefined;
  bootstrapSecret: string | undefined;
  jwtExpiry: number;
  jwtLeeway: number;
  logLevel: string;
  /** GET /metrics (Prometheus text format) is served (issue 10 #12). */
  metricsEnabled: boolean;
  /** When set, /metrics needs `Authorization: Bearer <token>`; unset: loopback only, unproxied. */
  metricsToken: string | undefined;
  /** Notificaties API root (ends in '/'); unset = no notifications are written or sent. */
  notificationsUrl: string | undefined;
  /** Client id and secret of the JWT this server signs for the Notificaties API. */
  notificationsClientId: string;
  notificationsSecret: string;
  /** Longest wait for one request to the Notificaties API. */
  notificationsTimeoutMs: number;
  /** Ceiling of the exponential backoff between delivery attempts of one notification. */
  notificationsRetryMaxSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

export function loadConfig(
  env: Env = process.env,
  cwd: string = process.cwd(),
  /** Defaults that differ by process: the CLI logs at `warn` unless LOG_LEVEL says otherwise. */
  defaults: { logLevel?: string } = {},
): Readonly<Config> {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
      return def;
    }
    return Number(raw);
  };
  const url = (name: string, raw: string | undefined, protocols: string[]): string | undefined => {
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      problems.push(`${name}=${JSON.stringify(raw)}: expected a ${protocols.join(' or ')} URL`);
      return undefined;
    }
  };

  const port = int('PORT', 8000, 0, 65535);
  const host = str('HOST') ?? '0.0.0.0';
  const publicUrl = (
    url('PUBLIC_URL', str('PUBLIC_URL'), ['http:', 'https:']) ?? `http://localhost:${port}`
  ).replace(/\/+$/, '');
  const databaseUrl = url('DATABASE_URL', str('DATABASE_URL'), ['postgres:', 'postgresql:']);
  const dataDir = path.resolve(cwd, str('DATA_DIR') ?? 'data');
  const storageDir = path.resolve(cwd, str('STORAGE_DIR') ?? path.join(dataDir, 'storage'));
  const importBaseDir = path.resolve(cwd, str('IMPORT_DOCUMENTEN_BASE_DIR') ?? path.join(dataDir, 'import'));

  const catalogiOnly = parseServices('CATALOGI_SERVICES', str('CATALOGI_SERVICES'), problems);
  const zgwOnly = parseServices('ZGW_SERVICES', str('ZGW_SERVICES'), problems);
  const catalogiServices = [...catalogiOnly, ...zgwOnly];
  const zgwServices = [...zgwOnly, ...catalogiOnly];

  const bootstrapClientId = str('ZGW_BOOTSTRAP_CLIENT_ID');
  const bootstrapSecret = str('ZGW_BOOTSTRAP_SECRET');
  if ((bootstrapClientId === undefined) !== (bootstrapSecret === undefined)) {
    problems.push('ZGW_BOOTSTRAP_CLIENT_ID and ZGW_BOOTSTRAP_SECRET must be set together');
  }
  if (bootstrapClientId !== undefined && bootstrapClientId.length > 50) {
    problems.push('ZGW_BOOTSTRAP_CLIENT_ID: at most 50 characters');
  }

  const bool = (name: string, def: boolean): boolean => {
    const raw = str(name)?.toLowerCase();
    if (raw === undefined) return def;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
    return def;
  };
  const metricsToken = str('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    problems.push('METRICS_TOKEN: at least 16 characters');
  }

  const notificationsUrl = url('NOTIFICATIONS_URL', str('NOTIFICATIONS_URL'), ['http:', 'https:'])?.replace(
    /\/*$/,
    '/',
  );
  const notificationsClientId = str('NOTIFICATIONS_CLIENT_ID') ?? '';
  const notificationsSecret = str('NOTIFICATIONS_SECRET') ?? '';
  if (notificationsUrl !== undefined && (notificationsClientId === '' || notificationsSecret === '')) {
    problems.push(
      'NOTIFICATIONS_URL is set: NOTIFICATIONS_CLIENT_ID and NOTIFICATIONS_SECRET must be set too',
    );
  }

  const logLevel = str('LOG_LEVEL') ?? defaults.logLevel ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL=${JSON.stringify(logLevel)}: expected one of ${LOG_LEVELS.join(', ')}`);
  }

  const config: Config = {
    port,
    host,
    publicUrl,
    databaseUrl,
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 1000),
    databaseConnectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
    databaseStatementTimeoutMs: int('DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 0, 86_400_000),
    importStatementTimeoutMs: int('IMPORT_STATEMENT_TIMEOUT_MS', 0, 0, 86_400_000),
    shutdownTimeoutSeconds: int('SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 3600),
    dataDir,
    storageDir,
    importBaseDir,
    importBatchSize: int('IMPORT_DOCUMENTEN_BATCH_SIZE', 500, 1, 100_000),
    importRetentionDays: int('IMPORT_RETENTION_DAYS', 7, 0, 36_500),
    importPauseAfterFailures: int('IMPORT_PAUSE_AFTER_FAILURES', 0, 0, 1_000_000_000),
    importMaxUploadBytes: int('IMPORT_MAX_UPLOAD_BYTES', 10_737_418_240, 1),
    importLeaseSeconds: int('IMPORT_LEASE_SECONDS', 30, 3, 86_400),
    importDbOutageSeconds: int('IMPORT_DB_OUTAGE_SECONDS', 300, 1, 86_400 * 7),
    importSourceStallSeconds: int('IMPORT_SOURCE_STALL_SECONDS', 60, 1, 3_600),
    apiMaxBodyBytes: int('API_MAX_BODY_BYTES', 157_286_400, 1024),
    bestandsdelenPartBytes: int('BESTANDSDELEN_PART_BYTES', 4_294_967_296, 1),
    bestandsdelenRetentionHours: int('BESTANDSDELEN_RETENTION_HOURS', 168, 1, 876_000),
    catalogiServices,
    zgwServices,
    bootstrapClientId,
    bootstrapSecret,
    jwtExpiry: int('JWT_EXPIRY', 3600, 1),
    jwtLeeway: int('JWT_LEEWAY', 0, 0),
    logLevel,
    metricsEnabled: bool('METRICS_ENABLED', true),
    metricsToken,
    notificationsUrl,
    notificationsClientId,
    notificationsSecret,
    notificationsTimeoutMs: int('NOTIFICATIONS_TIMEOUT_MS', 10_000, 100, 600_000),
    notificationsRetryMaxSeconds: int('NOTIFICATIONS_RETRY_MAX_SECONDS', 300, 1, 86_400),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    ...config,
    catalogiServices: Object.freeze([...catalogiServices]),
    zgwServices: Object.freeze([...zgwServices]),
  });
}

function parseServices(name: string, raw: string | undefined, problems: string[]): ZgwService[] {
  if (raw === undefined) return [];
  const bad = (why: string) => {
    problems.push(`${name}: ${why} (expected a JSON list of {apiRoot, clientId, secret})`);
    return [];
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return bad('not valid JSON');
  }
  if (!Array.isArray(parsed)) return bad('not a list');
  const out: ZgwService[] = [];
  for (const [i, item] of parsed.entries()) {
    const s = item as Partial<Record<keyof ZgwService, unknown>>;
    if (
      typeof s !== 'object' ||
      s === null ||
      typeof s.apiRoot !== 'string' ||
      typeof s.clientId !== 'string' ||
      typeof s.secret !== 'string'
    ) {
      return bad(`item ${i} lacks a string apiRoot, clientId or secret`);
    }
    try {
      const u = new URL(s.apiRoot);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    } catch {
      return bad(`item ${i} has an invalid apiRoot`);
    }
    out.push({ apiRoot: s.apiRoot.replace(/\/*$/, '/'), clientId: s.clientId, secret: s.secret });
  }
  return out;
}
