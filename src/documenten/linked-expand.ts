import { Type } from '@sinclair/typebox';
import { hasEndpointScope } from '../auth/permissions.js';
import type { AuthContext } from '../auth/types.js';
import { permissionDenied } from '../shared/errors.js';
import { searchErrors } from './errors.js';
import type { ReadService } from './read-service.js';

/**
 * `?expand=` on the list and retrieve of gebruiksrechten and verzendingen (Documenten API
 * 1.5 `expand`: "Haal details van gelinkte resources direct op", dot notation one level
 * deeper; Open Zaak's inclusion_serializers): `informatieobject` and
 * `informatieobject.informatieobjecttype`. The answer then has
 * `_expand: {informatieobject?: {…EIO…}}`, the document as the document list renders it;
 * a document the caller may not read is left out, as a missing one is.
 */
export const LINKED_EXPANDS = ['informatieobject', 'informatieobject.informatieobjecttype'] as const;

export const ExpandParam = Type.String({ description: LINKED_EXPANDS.join(', ') });

/** The `_expand` of an answer, present only when `expand` is asked. */
export const LinkedExpandSchema = Type.Object(
  {
    informatieobject: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'Het INFORMATIEOBJECT.' }),
    ),
  },
  { description: 'Alleen met ?expand=: het INFORMATIEOBJECT.' },
);

export interface LinkedExpand {
  informatieobjecttype: boolean;
}

/** undefined when nothing is asked; 400 invalid_choice for anything else; 403 as for documents. */
export function parseLinkedExpand(value: string | undefined, auth: AuthContext): LinkedExpand | undefined {
  const asked = parseExpand(value, LINKED_EXPANDS, auth);
  return asked && { informatieobjecttype: asked.informatieobjecttype };
}

/**
 * The expansions asked in `?expand=a,b`, each one of `allowed`: undefined when nothing is
 * asked; 400 invalid_choice for anything else; 403 as for documents.
 */
export function parseExpand(
  value: string | undefined,
  allowed: readonly string[],
  auth: AuthContext,
): { wanted: string[]; informatieobjecttype: boolean } | undefined {
  const wanted = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0) return undefined;
  for (const e of wanted) {
    if (!allowed.includes(e)) throw searchErrors.notAChoice('expand', e);
  }
  const informatieobjecttype = wanted.includes('informatieobject.informatieobjecttype');
  // as Open Zaak: expanding a type needs catalogi.lezen, as on the document list
  if (informatieobjecttype && !hasEndpointScope(auth, 'ztc', 'catalogi.lezen')) throw permissionDenied();
  return { wanted, informatieobjecttype };
}

const BATCH = 500;

/** The documents (by uuid) the caller may read, rendered as the document list renders them. */
export async function expandDocuments(
  reads: ReadService,
  auth: AuthContext,
  documentUuids: string[],
  want: LinkedExpand,
): Promise<Map<string, Record<string, unknown>>> {
  const uuids = [...new Set(documentUuids)];
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < uuids.length; i += BATCH) {
    const slice = uuids.slice(i, i + BATCH);
    const f = await reads.filtersFrom({});
    f.uuidIn = slice;
    const page = await reads.list(auth, f, {
      ordering: [],
      expand: want.informatieobjecttype,
      limit: slice.length,
      offset: 0,
    });
    for (const eio of page.results) out.set(String(eio.url).split('/').pop() as string, eio);
  }
  return out;
}

/** Adds `_expand` to each resource (same order as the documents' uuids) when asked. */
export async function withExpand<T extends object>(
  reads: ReadService,
  auth: AuthContext,
  items: { resource: T; documentUuid: string }[],
  want: LinkedExpand | undefined,
): Promise<(T & { _expand?: Record<string, unknown> })[]> {
  if (!want) return items.map((i) => i.resource);
  const docs = await expandDocuments(
    reads,
    auth,
    items.map((i) => i.documentUuid),
    want,
  );
  return items.map(({ resource, documentUuid }) => {
    const doc = docs.get(documentUuid);
    return { ...resource, _expand: doc ? { informatieobject: doc } : {} };
  });
}
