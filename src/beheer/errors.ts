import { AppError } from '../shared/errors.js';

/** The error catalogue of the web page's API (/beheer/api), rendered as problem+json. */
export type BeheerErrorCode = 'not_authenticated' | 'login-failed' | 'csrf-failed';

const DETAILS: Record<BeheerErrorCode, [status: number, detail: string]> = {
  not_authenticated: [401, 'Niet aangemeld of de sessie is verlopen. Meld u opnieuw aan.'],
  // One message for every reason (unknown client, wrong secret, no superuser): it tells an
  // attacker nothing about which client ids exist.
  'login-failed': [
    401,
    'Aanmelden mislukt: onbekende client-id, onjuist secret, of een applicatie zonder heeftAlleAutorisaties.',
  ],
  'csrf-failed': [403, 'Verzoek geweigerd: het komt niet van deze beheerpagina (CSRF-controle).'],
};

export const beheerError = (code: BeheerErrorCode): AppError => {
  const [status, detail] = DETAILS[code];
  return new AppError(status, code, detail, undefined, {
    typeName: status === 401 ? 'NotAuthenticated' : 'PermissionDenied',
    title: status === 401 ? 'Niet aangemeld.' : 'Je hebt geen toestemming om deze actie uit te voeren.',
  });
};
