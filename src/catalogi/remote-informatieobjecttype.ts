/**
 * The fields a remote resource must have to count as an informatieobjecttype (Catalogi 1.3),
 * checked on what shared/zgw-services.ts fetched (as Open Zaak checks a remote InformatieObjectType).
 */
export function looksLikeInformatieobjecttype(body: unknown): body is {
  url: string;
  catalogus: string;
  omschrijving: string;
  vertrouwelijkheidaanduiding: string;
  concept: boolean;
} {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b.url === 'string' &&
    typeof b.catalogus === 'string' &&
    typeof b.omschrijving === 'string' &&
    typeof b.vertrouwelijkheidaanduiding === 'string' &&
    typeof b.concept === 'boolean' &&
    typeof b.beginGeldigheid === 'string'
  );
}
