import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { listGrants, requireObjectScope } from '../auth/permissions.js';
import type { AuthContext, ScopeExpr } from '../auth/types.js';
import type { Deps } from '../deps.js';
import { type InvalidParam, notFound, validationError } from '../shared/errors.js';
import { param, REASONS } from './errors.js';
import { formatIdentificatie, splitIdentificatie } from './identificatie.js';
import type * as repo from './repository.js';
import { createZaakRepository } from './repository.js';
import type { ZaakCreateBody, ZaakListQuery, ZaakPatchBody } from './schemas.js';
import { isUuid } from '../shared/ids.js';
import type { Urls } from '../shared/urls.js';
import { parseZaaktypeRef } from './urls.js';
import { columnsOf, dataOf, objectRuleErrors, resolveZaaktype, rsinErrors } from './zaak-rules.js';

/**
 * Zaak use cases (Zaken API Zaak): validation order as DRF (fields, then the
 * autorisatie on zaaktype + vertrouwelijkheidaanduiding, then object-level rules).
 */
export type ZaakService = ReturnType<typeof createZaakService>;

export const SCOPES = {
  lezen: 'zaken.lezen',
  aanmaken: 'zaken.aanmaken',
  bijwerken: 'zaken.bijwerken',
  verwijderen: 'zaken.verwijderen',
  geforceerd: 'zaken.geforceerd-bijwerken',
} as const;

const throwIfAny = (errors: InvalidParam[]) => {
  if (errors.length > 0) throw validationError(errors);
};

const isUniqueViolation = (err: unknown) =>
  (err as pg.DatabaseError).code === '23505' &&
  (err as pg.DatabaseError).constraint === 'zaken_bronorganisatie_identificatie_uq';

/**
 * List filtering (vng-api-common's list filtering by autorisatie) for zaken and their relations: null for superusers,
 * otherwise the local zaaktypen with the highest VA rank each `zaken.lezen` grant covers.
 */
export function zaakGrants(auth: AuthContext, urls: Urls): repo.ZaakGrant[] | null {
  return (
    listGrants(auth, 'zrc', 'zaaktype', SCOPES.lezen)?.flatMap((g) => {
      const ref = parseZaaktypeRef(urls, g.typeUrl);
      return ref.kind === 'local' && ref.uuid ? [{ zaaktypeUuid: ref.uuid, maxRank: g.maxRank }] : [];
    }) ?? null
  );
}

export function createZaakService(deps: Pick<Deps, 'pool' | 'urls' | 'clock'>) {
  const { pool, urls, clock } = deps;
  const zaakRepo = createZaakRepository(pool);
  const today = () => clock.now().toISOString().slice(0, 10);

  /** The zaak for an object-level action: 404 when absent, 403 when not authorised. */
  async function authorised(auth: AuthContext, uuid: string, scope: ScopeExpr): Promise<repo.ZaakRow> {
    const zaak = isUuid(uuid) ? await zaakRepo.findZaak(uuid.toLowerCase()) : null;
    if (!zaak) throw notFound();
    requireZaakScope(auth, zaak, scope);
    return zaak;
  }

  function requireZaakScope(auth: AuthContext, zaak: repo.ZaakRow, scope: ScopeExpr): void {
    requireObjectScope(auth, 'zrc', 'zaaktype', scope, {
      typeUrl: urls.catalogi('zaaktypen', zaak.zaaktype_uuid),
      vertrouwelijkheidaanduiding: zaak.vertrouwelijkheidaanduiding,
    });
  }

  /** A closed zaak (einddatum set) may only be changed with geforceerd-bijwerken. */
  function requireOpenOrForced(auth: AuthContext, zaak: repo.ZaakRow): void {
    if (zaak.einddatum !== null) requireZaakScope(auth, zaak, SCOPES.geforceerd);
  }

  async function generateAndInsert(values: Omit<repo.ZaakColumns, 'identificatie'> & Insertable) {
    const prefix = `ZAAK-${values.startdatum.slice(0, 4)}-`;
    for (let attempt = 0; ; attempt++) {
      const identificatie = formatIdentificatie(prefix, await zaakRepo.allocateNumber(prefix));
      try {
        await zaakRepo.insertZaak({ ...values, identificatie });
        return;
      } catch (err) {
        // A client supplied this number before the counter knew of it: take the next one.
        if (!isUniqueViolation(err) || attempt >= 20) throw err;
      }
    }
  }

  async function insertWithIdentificatie(
    identificatie: string,
    values: Omit<repo.ZaakColumns, 'identificatie'> & Insertable,
  ) {
    const notUnique = () =>
      validationError([
        param('identificatie', 'identificatie-niet-uniek', REASONS.identificatieNietUniek(identificatie)),
      ]);
    if (await zaakRepo.zaakIdentificatieExists(values.bronorganisatie, identificatie)) throw notUnique();
    const own = splitIdentificatie('ZAAK', identificatie);
    if (own) await zaakRepo.reserveNumber(own.prefix, own.n);
    try {
      await zaakRepo.insertZaak({ ...values, identificatie });
    } catch (err) {
      if (isUniqueViolation(err)) throw notUnique();
      throw err;
    }
  }

  async function create(auth: AuthContext, body: ZaakCreateBody): Promise<repo.ZaakRow> {
    const resolved = await resolveZaaktype(pool, urls, body.zaaktype);
    if ('error' in resolved) throw validationError([resolved.error, ...rsinErrors(body)]);
    throwIfAny(rsinErrors(body));
    const { zaaktype } = resolved;
    requireObjectScope(auth, 'zrc', 'zaaktype', SCOPES.aanmaken, {
      typeUrl: urls.catalogi('zaaktypen', zaaktype.uuid),
      vertrouwelijkheidaanduiding: body.vertrouwelijkheidaanduiding,
    });
    const data = dataOf(body);
    const archiefstatus = body.archiefstatus ?? 'nog_te_archiveren';
    throwIfAny(await objectRuleErrors({ archiefstatus, data }, clock.now(), async () => true));

    const uuid = randomUUID();
    const values = {
      uuid,
      zaaktype_id: zaaktype.id,
      data,
      bronorganisatie: body.bronorganisatie,
      verantwoordelijke_organisatie: body.verantwoordelijkeOrganisatie,
      omschrijving: body.omschrijving ?? '',
      toelichting: body.toelichting ?? '',
      registratiedatum: body.registratiedatum ?? today(),
      startdatum: body.startdatum,
      vertrouwelijkheidaanduiding: body.vertrouwelijkheidaanduiding ?? zaaktype.vertrouwelijkheidaanduiding,
      archiefstatus,
    };
    if (body.identificatie) await insertWithIdentificatie(body.identificatie, values);
    else await generateAndInsert(values);
    return (await zaakRepo.findZaak(uuid))!;
  }

  async function list(auth: AuthContext, query: ZaakListQuery, page: { limit: number; offset: number }) {
    let zaaktypeUuid: string | null | undefined;
    if (query.zaaktype !== undefined) {
      const ref = parseZaaktypeRef(urls, query.zaaktype);
      if (ref.kind === 'invalid') throw validationError([param('zaaktype', 'invalid', REASONS.badUrl)]);
      zaaktypeUuid = ref.kind === 'local' ? ref.uuid : null;
    }
    const filters = {
      identificatie: query.identificatie,
      bronorganisatie: query.bronorganisatie,
      zaaktypeUuid,
    };
    return zaakRepo.listZaken(filters, zaakGrants(auth, urls), page);
  }

  async function patch(auth: AuthContext, uuid: string, body: ZaakPatchBody): Promise<repo.ZaakRow> {
    const zaak = await authorised(auth, uuid, { anyOf: [SCOPES.bijwerken, SCOPES.geforceerd] });
    requireOpenOrForced(auth, zaak);
    const errors = rsinErrors(body);
    if (body.zaaktype !== undefined && body.zaaktype !== urls.catalogi('zaaktypen', zaak.zaaktype_uuid)) {
      errors.push(param('zaaktype', 'wijzigen-niet-toegelaten', REASONS.immutable));
    }
    if (body.identificatie !== undefined && body.identificatie !== zaak.identificatie) {
      errors.push(param('identificatie', 'wijzigen-niet-toegelaten', REASONS.immutable));
    }
    throwIfAny(errors);
    const data = dataOf(body);
    const archiefstatus = body.archiefstatus ?? zaak.archiefstatus;
    throwIfAny(
      await objectRuleErrors({ archiefstatus, data: { ...zaak.data, ...data } }, clock.now(), () =>
        zaakRepo.allDocumentsArchived(zaak.id),
      ),
    );
    await zaakRepo.updateZaak(zaak.id, columnsOf(body), data);
    return (await zaakRepo.findZaak(zaak.uuid))!;
  }

  async function remove(auth: AuthContext, uuid: string): Promise<void> {
    const zaak = await authorised(auth, uuid, SCOPES.verwijderen);
    requireOpenOrForced(auth, zaak);
    await zaakRepo.deleteZaak(zaak.id);
  }

  return {
    create,
    list,
    patch,
    remove,
    retrieve: (auth: AuthContext, uuid: string) => authorised(auth, uuid, SCOPES.lezen),
    /** For the zaakinformatieobjecten service: the same lookup and checks. */
    authorised,
    requireZaakScope,
    requireOpenOrForced,
  };
}

type Insertable = { uuid: string; zaaktype_id: number; data: repo.ZaakData };
