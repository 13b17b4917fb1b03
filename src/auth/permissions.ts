import { permissionDenied } from '../shared/errors.js';
import { type AuthContext, type Autorisatie, type ScopeExpr, vertrouwelijkheidRank } from './types.js';

/**
 * The reusable autorisatie checks (ZGW autorisaties, as vng-api-common checks them). Modules call these with
 * the component and the type field that applies to them (informatieobjecttype for drc,
 * zaaktype for zrc, besluittype for brc).
 */
export function satisfies(held: ReadonlySet<string>, expr: ScopeExpr): boolean {
  if (typeof expr === 'string') return held.has(expr);
  if ('anyOf' in expr) return expr.anyOf.some((e) => satisfies(held, e));
  return expr.allOf.every((e) => satisfies(held, e));
}

export function scopesOf(autorisaties: Iterable<Autorisatie>): Set<string> {
  const held = new Set<string>();
  for (const a of autorisaties) for (const s of a.scopes) held.add(s);
  return held;
}

const ofComponent = (ctx: AuthContext, component: string) =>
  ctx.autorisaties.filter((a) => a.component === component);

/** Endpoint level (vng-api-common's endpoint scope check): the union of the component's scopes satisfies expr. */
export function hasEndpointScope(ctx: AuthContext, component: string, expr: ScopeExpr): boolean {
  return ctx.heeftAlleAutorisaties || satisfies(scopesOf(ofComponent(ctx, component)), expr);
}

export type TypeField = 'informatieobjecttype' | 'zaaktype' | 'besluittype';

export interface ObjectRef {
  /** The type URL of the object (its informatieobjecttype, zaaktype, ...). */
  typeUrl: string;
  /** The object's vertrouwelijkheidaanduiding; undefined skips the comparison (create without VA). */
  vertrouwelijkheidaanduiding?: string;
}

/** Object level (vng-api-common's object-level check). */
export function hasObjectScope(
  ctx: AuthContext,
  component: string,
  typeField: TypeField,
  expr: ScopeExpr,
  obj: ObjectRef,
): boolean {
  if (ctx.heeftAlleAutorisaties) return true;
  const kept = ofComponent(ctx, component).filter(
    (a) => a[typeField] === obj.typeUrl && coversVertrouwelijkheid(a, obj.vertrouwelijkheidaanduiding),
  );
  return satisfies(scopesOf(kept), expr);
}

function coversVertrouwelijkheid(a: Autorisatie, va: string | undefined): boolean {
  if (va === undefined) return true;
  const max = vertrouwelijkheidRank(a.maxVertrouwelijkheidaanduiding);
  if (max < 0) return false; // a blank max grants nothing on documents that have a VA (VertrouwelijkheidaanduidingEnum order)
  return vertrouwelijkheidRank(va) <= max;
}

export function requireEndpointScope(ctx: AuthContext, component: string, expr: ScopeExpr): void {
  if (!hasEndpointScope(ctx, component, expr)) throw permissionDenied();
}

export function requireObjectScope(
  ctx: AuthContext,
  component: string,
  typeField: TypeField,
  expr: ScopeExpr,
  obj: ObjectRef,
): void {
  if (!hasObjectScope(ctx, component, typeField, expr, obj)) throw permissionDenied();
}

/**
 * List filtering (vng-api-common's list filtering by autorisatie): null means "no filtering" (heeftAlleAutorisaties);
 * otherwise the (type URL, max rank) pairs of single autorisaties that hold `scope`.
 * A row is visible iff its type equals one pair's type and its VA rank ≤ that max.
 */
export function listGrants(
  ctx: AuthContext,
  component: string,
  typeField: TypeField,
  scope: string,
): { typeUrl: string; maxRank: number }[] | null {
  if (ctx.heeftAlleAutorisaties) return null;
  return ofComponent(ctx, component)
    .filter((a) => a.scopes.includes(scope) && vertrouwelijkheidRank(a.maxVertrouwelijkheidaanduiding) >= 0)
    .map((a) => ({
      typeUrl: a[typeField],
      maxRank: vertrouwelijkheidRank(a.maxVertrouwelijkheidaanduiding),
    }));
}
