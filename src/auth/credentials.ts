import type { Autorisatie } from './types.js';

/**
 * What JWT verification needs to know about a client id: its shared secret and the
 * applicaties (with their autorisaties) it belongs to. Implemented by autorisaties/
 * (credentials-repository.ts) and wired in deps.ts, so auth/ does not depend on the module
 * that stores them.
 */
export interface ClientCredentials {
  secret: string | null;
  /** uuid and label: the audit trail's applicatieId and applicatieWeergave. */
  applicaties: { uuid: string; label: string; heeftAlleAutorisaties: boolean; autorisaties: Autorisatie[] }[];
}

export interface CredentialsLookup {
  lookupClient(clientId: string): Promise<ClientCredentials>;
}
