/** What one request is allowed to do, resolved from its JWT (ZGW autorisaties, as vng-api-common checks them). */
export type Component = 'ac' | 'nrc' | 'zrc' | 'ztc' | 'drc' | 'brc' | 'cmc' | 'kc' | 'vrc';
export const COMPONENTS: readonly Component[] = ['ac', 'nrc', 'zrc', 'ztc', 'drc', 'brc', 'cmc', 'kc', 'vrc'];

export interface Autorisatie {
  component: string;
  scopes: string[];
  zaaktype: string;
  informatieobjecttype: string;
  besluittype: string;
  maxVertrouwelijkheidaanduiding: string;
}

/**
 * Who made a request, as the audit trail records it (Documenten API `AuditTrail`;
 * vng_api_common's AuditTrailMixin): the applicatie of the client id, the JWT claims
 * `user_id`/`user_representation` and the `X-Audit-Toelichting` header.
 */
export interface Actor {
  applicatieId: string;
  applicatieWeergave: string;
  gebruikersId: string;
  gebruikersWeergave: string;
  toelichting: string;
}

export interface AuthContext {
  clientId: string;
  heeftAlleAutorisaties: boolean;
  autorisaties: Autorisatie[];
  /** Set for every authenticated request (absent only in contexts built by hand). */
  actor?: Actor;
}

/** A scope expression: one scope, or any/all of sub-expressions (the Documenten API scopes "|" and "&"). */
export type ScopeExpr = string | { anyOf: ScopeExpr[] } | { allOf: ScopeExpr[] };

/** Vertrouwelijkheidaanduiding ordering (VertrouwelijkheidaanduidingEnum order). */
export const VERTROUWELIJKHEIDAANDUIDINGEN = [
  'openbaar',
  'beperkt_openbaar',
  'intern',
  'zaakvertrouwelijk',
  'vertrouwelijk',
  'confidentieel',
  'geheim',
  'zeer_geheim',
] as const;
export type Vertrouwelijkheidaanduiding = (typeof VERTROUWELIJKHEIDAANDUIDINGEN)[number];

/** rank 0..7, or -1 for blank/unknown. */
export function vertrouwelijkheidRank(va: string | null | undefined): number {
  return VERTROUWELIJKHEIDAANDUIDINGEN.indexOf((va ?? '') as Vertrouwelijkheidaanduiding);
}
