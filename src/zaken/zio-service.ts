import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AuthContext, ScopeExpr } from '../auth/types.js';
import type { Deps } from '../deps.js';
import { withTransaction } from '../db/pool.js';
import { type InvalidParam, notFound, validationError } from '../shared/errors.js';
import { param, REASONS } from './errors.js';
import { createZaakRepository, type ZaakRow } from './repository.js';
import { SCOPES, type ZaakService, zaakGrants } from './service.js';
import { isUuid } from '../shared/ids.js';
import { parseEioRef, parseZaakRef, type UrlRef } from './urls.js';
import type * as repo from './zio-repository.js';
import { createZioRepository } from './zio-repository.js';
import type { ZioCreateBody, ZioListQuery, ZioPatchBody } from './zio-schemas.js';

/**
 * ZaakInformatieObject use cases (Zaken API ZaakInformatieObject): the zaak's autorisatie
 * decides, a closed zaak needs geforceerd-bijwerken, and the OIO mirror is written in
 * the same transaction as the ZIO.
 */
const WRITE = { anyOf: [SCOPES.aanmaken, SCOPES.bijwerken, SCOPES.geforceerd] };
const UPDATE = { anyOf: [SCOPES.bijwerken, SCOPES.geforceerd] };
const DESTROY = { anyOf: [SCOPES.bijwerken, SCOPES.geforceerd, SCOPES.verwijderen] };

const refError = (name: string, ref: UrlRef): InvalidParam =>
  ref.kind === 'invalid'
    ? param(name, 'bad-url', REASONS.badUrl)
    : param(name, 'does_not_exist', REASONS.doesNotExist);

export function createZioService(deps: Pick<Deps, 'pool' | 'urls'>, zaken: ZaakService) {
  const { pool, urls } = deps;
  const zaakRepo = createZaakRepository(pool);
  const zioRepo = createZioRepository(pool);

  async function resolveRefs(body: ZioCreateBody) {
    const errors: InvalidParam[] = [];
    const zref = parseZaakRef(urls, body.zaak);
    const zaak = zref.kind === 'local' && zref.uuid ? await zaakRepo.findZaak(zref.uuid) : null;
    if (!zaak) errors.push(refError('zaak', zref));
    const dref = parseEioRef(urls, body.informatieobject);
    const doc = dref.kind === 'local' && dref.uuid ? await zioRepo.findDocument(dref.uuid) : null;
    if (!doc) errors.push(refError('informatieobject', dref));
    // This subset serves no statussen, so no status URL can resolve.
    if (body.status) errors.push(param('status', 'does_not_exist', REASONS.statusDoesNotExist));
    if (errors.length > 0 || !zaak || !doc) throw validationError(errors);
    return { zaak, doc };
  }

  /** Object-level rules, all reported together as DRF runs every Meta validator. */
  async function objectErrors(zaak: ZaakRow, doc: repo.LinkableDocument): Promise<InvalidParam[]> {
    const errors: InvalidParam[] = [];
    if (await zioRepo.zioExists(zaak.id, doc.id))
      errors.push(param('nonFieldErrors', 'unique', REASONS.unique));
    if (!(await zioRepo.zaaktypeAllows(zaak.zaaktype_id, doc.informatieobjecttype_id))) {
      errors.push(
        param('nonFieldErrors', 'missing-zaaktype-informatieobjecttype-relation', REASONS.missingRelation),
      );
    }
    if (zaak.archiefstatus !== 'nog_te_archiveren') {
      errors.push(param('nonFieldErrors', 'zaak-archiefstatus-invalid', REASONS.archiefstatusInvalid));
    }
    return errors;
  }

  async function create(auth: AuthContext, body: ZioCreateBody): Promise<repo.ZioRow> {
    const { zaak, doc } = await resolveRefs(body);
    zaken.requireZaakScope(auth, zaak, WRITE);
    zaken.requireOpenOrForced(auth, zaak);
    const errors = await objectErrors(zaak, doc);
    if (errors.length > 0) throw validationError(errors);
    const uuid = randomUUID();
    try {
      await withTransaction(pool, (client) =>
        createZioRepository(client).insertZaakInformatieobjecten([
          {
            uuid,
            zaakId: zaak.id,
            documentId: doc.id,
            titel: body.titel,
            beschrijving: body.beschrijving,
            vernietigingsdatum: body.vernietigingsdatum,
          },
        ]),
      );
    } catch (err) {
      if ((err as pg.DatabaseError).constraint === 'zio_zaak_document_uq') {
        throw validationError([param('nonFieldErrors', 'unique', REASONS.unique)]);
      }
      throw err;
    }
    return (await zioRepo.findZio(uuid))!;
  }

  /** The ZIO with its zaak, authorised on the zaak's zaaktype and VA (404 / 403). */
  async function authorised(auth: AuthContext, uuid: string, scope: ScopeExpr) {
    const zio = isUuid(uuid) ? await zioRepo.findZio(uuid.toLowerCase()) : null;
    if (!zio) throw notFound();
    const zaak = (await zaakRepo.findZaak(zio.zaak_uuid))!;
    zaken.requireZaakScope(auth, zaak, scope);
    return { zio, zaak };
  }

  async function update(auth: AuthContext, uuid: string, body: ZioPatchBody): Promise<repo.ZioRow> {
    const { zio, zaak } = await authorised(auth, uuid, UPDATE);
    zaken.requireOpenOrForced(auth, zaak);
    const errors: InvalidParam[] = [];
    const same = (value: string | undefined, ref: UrlRef, current: string) =>
      value === undefined || (ref.kind === 'local' && ref.uuid === current);
    if (body.zaak !== undefined && !same(body.zaak, parseZaakRef(urls, body.zaak), zio.zaak_uuid)) {
      errors.push(param('zaak', 'wijzigen-niet-toegelaten', REASONS.immutable));
    }
    const ioRef = body.informatieobject === undefined ? null : parseEioRef(urls, body.informatieobject);
    if (ioRef && !same(body.informatieobject, ioRef, zio.document_uuid)) {
      errors.push(param('informatieobject', 'wijzigen-niet-toegelaten', REASONS.immutable));
    }
    if (body.status) errors.push(param('status', 'does_not_exist', REASONS.statusDoesNotExist));
    if (zaak.archiefstatus !== 'nog_te_archiveren') {
      errors.push(param('nonFieldErrors', 'zaak-archiefstatus-invalid', REASONS.archiefstatusInvalid));
    }
    if (errors.length > 0) throw validationError(errors);
    await zioRepo.updateZio(zio.id, body);
    return (await zioRepo.findZio(zio.uuid))!;
  }

  async function remove(auth: AuthContext, uuid: string): Promise<void> {
    const { zio, zaak } = await authorised(auth, uuid, DESTROY);
    zaken.requireOpenOrForced(auth, zaak);
    await withTransaction(pool, (client) => createZioRepository(client).deleteZio(zio));
  }

  async function list(auth: AuthContext, query: ZioListQuery): Promise<repo.ZioRow[]> {
    const filter = (name: string, value: string | undefined, parse: (v: string) => UrlRef) => {
      if (value === undefined) return undefined;
      const ref = parse(value);
      if (ref.kind === 'invalid') throw validationError([param(name, 'invalid', REASONS.badUrl)]);
      return ref.kind === 'local' ? ref.uuid : null;
    };
    const zaakUuid = filter('zaak', query.zaak, (v) => parseZaakRef(urls, v));
    const documentUuid = filter('informatieobject', query.informatieobject, (v) => parseEioRef(urls, v));
    return zioRepo.listZios({ zaakUuid, documentUuid }, zaakGrants(auth, urls));
  }

  return {
    create,
    update,
    remove,
    list,
    retrieve: async (auth: AuthContext, uuid: string) => (await authorised(auth, uuid, SCOPES.lezen)).zio,
  };
}

export type ZioService = ReturnType<typeof createZioService>;
