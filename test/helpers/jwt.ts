import { SignJWT } from 'jose';

/** A ZGW JWT as a client would make it (ZGW JWT-Claims, as vng-api-common verifies them). */
export async function makeToken(
  clientId: string,
  secret: string,
  claims: Record<string, unknown> = {},
  opts: { iat?: number | null; alg?: string } = {},
): Promise<string> {
  const payload: Record<string, unknown> = { client_id: clientId, iss: clientId, user_id: 'test', ...claims };
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: opts.alg ?? 'HS256', typ: 'JWT' });
  if (opts.iat !== null) jwt.setIssuedAt(opts.iat ?? Math.floor(Date.now() / 1000));
  return jwt.sign(new TextEncoder().encode(secret));
}
