/** What one request is allowed to do, resolved from its JWT (documenten-api.md §4). */
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

export interface AuthContext {
  clientId: string;
  heeftAlleAutorisaties: boolean;
  autorisaties: Autorisatie[];
}

/** A scope expression: one scope, or any/all of sub-expressions (§4.3 "|" and "&"). */
export type ScopeExpr = string | { anyOf: ScopeExpr[] } | { allOf: ScopeExpr[] };

/** Vertrouwelijkheidaanduiding ordering (§8). */
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
