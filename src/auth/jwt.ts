import { decodeJwt, errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';
import { permissionDenied } from '../shared/errors.js';
import type { ClientCredentials, CredentialsLookup } from './credentials.js';
import type { Actor, AuthContext } from './types.js';

/**
 * ZGW "JWT-Claims" verification (ZGW JWT-Claims, as vng-api-common verifies them). Every failure is a 403 with
 * its own code; nothing is ever a 401.
 */
export interface JwtSettings {
  jwtExpiry: number;
  jwtLeeway: number;
}

const fail = (code: string, detail: string) => permissionDenied(detail, code);

export function bearerToken(header: string | undefined): string | undefined {
  if (!header?.startsWith('Bearer ')) return undefined;
  return header.slice('Bearer '.length);
}

/**
 * Signature checks remembered per token (a client sends the same token with every request, and
 * an HMAC through WebCrypto cost ~10 % of a simple request). An entry is used only for the same
 * token under the same secret — the secret is still looked up for every request, so a changed
 * or removed secret takes effect at once — and its time claims are checked again on every use,
 * exactly as jwtVerify checks them. Only tokens that passed are kept; at most `max`, the least
 * recently used leaves first.
 */
export interface TokenVerifier {
  verify(token: string, secret: string, settings: JwtSettings, nowMs: number): Promise<JWTPayload>;
  /** Entries held (for tests). */
  size(): number;
}

export function createTokenVerifier(max = 1024): TokenVerifier {
  const passed = new Map<string, { secret: string; payload: JWTPayload }>();
  return {
    async verify(token, secret, settings, nowMs) {
      const hit = passed.get(token);
      if (hit && hit.secret === secret) {
        // jose's own time checks (jwt_claims_set.js): nbf > now + tolerance, exp <= now - tolerance
        const now = Math.floor(nowMs / 1000);
        const { nbf, exp } = hit.payload;
        if (typeof nbf === 'number' && nbf > now + settings.jwtLeeway) {
          throw fail('jwt-immaturesignatureerror', 'Het JWT is nog niet geldig.');
        }
        if (typeof exp === 'number' && exp <= now - settings.jwtLeeway) {
          passed.delete(token);
          throw fail('jwt-expiredsignatureerror', 'Het JWT is verlopen (exp).');
        }
        passed.delete(token);
        passed.set(token, hit);
        return hit.payload;
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
          algorithms: ['HS256'],
          requiredClaims: ['iat'],
          clockTolerance: settings.jwtLeeway,
          currentDate: new Date(nowMs),
        }));
      } catch (err) {
        throw mapJoseError(err);
      }
      passed.delete(token);
      passed.set(token, { secret, payload });
      if (passed.size > max) passed.delete(passed.keys().next().value as string);
      return payload;
    },
    size: () => passed.size,
  };
}

export async function authenticate(
  header: string | undefined,
  repo: CredentialsLookup,
  settings: JwtSettings,
  verifier: TokenVerifier,
  now: () => number = Date.now,
): Promise<AuthContext> {
  const token = bearerToken(header);
  if (!token) throw permissionDenied('Authenticatiegegevens zijn niet opgegeven.');

  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token);
  } catch {
    throw fail('jwt-decode-error', 'JWT kon niet worden gedecodeerd.');
  }
  const clientId = claims.client_id;
  if (typeof clientId !== 'string' || clientId === '') {
    throw fail('missing-client-identifier', 'Client identifier ontbreekt in de JWT.');
  }
  // No stored client id holds U+0000 (PostgreSQL text cannot) or a lone surrogate (it
  // would reach the database as U+FFFD and match another id): refused before the lookup.
  if (!storableText(clientId)) {
    throw fail('invalid-client-identifier', 'Client identifier bestaat niet.');
  }
  const client = await repo.lookupClient(clientId);
  if (!client.secret) {
    throw fail('invalid-client-identifier', 'Client identifier bestaat niet.');
  }

  const payload = await verifier.verify(token, client.secret, settings, now());
  const iat = payload.iat;
  if (typeof iat !== 'number' || !Number.isInteger(iat)) {
    throw fail('jwt-invalidissuedaterror', 'De iat-claim moet een geheel getal zijn.');
  }
  // PyJWT (Open Zaak's library) refuses an iat beyond now + leeway with
  // ImmatureSignatureError; without this a far-future iat would never expire.
  if (iat > now() / 1000 + settings.jwtLeeway) {
    throw fail('jwt-immaturesignatureerror', 'Het JWT is nog niet geldig (iat ligt in de toekomst).');
  }
  if (now() / 1000 - iat >= settings.jwtExpiry + settings.jwtLeeway) {
    throw fail('jwt-expired', 'Het JWT is verlopen.');
  }
  if (client.applicaties.length === 0) {
    throw permissionDenied('Er is geen applicatie voor deze client.');
  }
  return authContextFor(clientId, client, {
    gebruikersId: claimText(payload.user_id),
    gebruikersWeergave: claimText(payload.user_representation),
    toelichting: '',
  });
}

/**
 * What a client may do and how the audit trail names it: its applicatie (a client id belongs to
 * one, Autorisaties API `clientId-exists`) and the user it acts for. Also for the beheer page,
 * whose session names a client instead of a JWT.
 */
export function authContextFor(
  clientId: string,
  client: ClientCredentials,
  user: Pick<Actor, 'gebruikersId' | 'gebruikersWeergave' | 'toelichting'>,
): AuthContext {
  const applicatie = client.applicaties[0];
  return {
    clientId,
    heeftAlleAutorisaties: client.applicaties.some((a) => a.heeftAlleAutorisaties),
    autorisaties: client.applicaties.flatMap((a) => a.autorisaties),
    actor: {
      applicatieId: applicatie?.uuid ?? '',
      applicatieWeergave: (applicatie?.label || clientId).slice(0, 200),
      ...user,
    },
  };
}

/** user_id / user_representation: not validated, stored in audit trails (≤255, ZGW JWT-Claims, as vng-api-common verifies them). */
function claimText(v: unknown): string {
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  return storableText(s) ? s.slice(0, 255) : '';
}

/** Text PostgreSQL can compare as sent: no U+0000, no lone UTF-16 surrogate. */
function storableText(s: string): boolean {
  return !s.includes('\u0000') && !/\p{Surrogate}/u.test(s);
}

function mapJoseError(err: unknown) {
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return fail('invalid-jwt-signature', 'De JWT-signatuur is ongeldig.');
  }
  if (err instanceof joseErrors.JWTExpired) {
    return fail('jwt-expiredsignatureerror', 'Het JWT is verlopen (exp).');
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iat' && err.reason === 'missing') {
      return fail('jwt-missing-iat-claim', 'De JWT mist de iat-claim.');
    }
    if (err.claim === 'iat') return fail('jwt-invalidissuedaterror', 'De iat-claim is ongeldig.');
    if (err.claim === 'nbf') return fail('jwt-immaturesignatureerror', 'Het JWT is nog niet geldig.');
    return fail('jwt-invalidtokenerror', `Ongeldige claim: ${err.claim}.`);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed || err instanceof joseErrors.JOSENotSupported) {
    return fail('jwt-invalidalgorithmerror', 'Het JWT-algoritme wordt niet ondersteund.');
  }
  if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid) {
    return fail('jwt-decode-error', 'JWT kon niet worden gedecodeerd.');
  }
  return fail('jwt-invalidtokenerror', 'Ongeldig JWT.');
}
