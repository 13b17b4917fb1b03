import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AuthContext, ScopeExpr } from '../auth/types.js';
import type { Deps } from '../deps.js';
import { withTransaction } from '../db/pool.js';
import { type InvalidParam, notFound, validationError } from '../shared/errors.js';
import { param, REASONS } from './errors.js';
import { findZaak, type ZaakRow } from './repository.js';
import { SCOPES, type ZaakService, zaakGrants } from './service.js';
import { isUuid, parseEioRef, parseZaakRef, type UrlRef } from './urls.js';
import * as repo from './zio-repository.js';
import type { ZioCreateBody, ZioListQuery, ZioPatchBody } from './zio-schemas.js';

/**
 * ZaakInformatieObject use cases (documenten-api.md §3.2): the zaak's autorisatie
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

export function createZioService(deps: Pick<Deps, 'pool' | 'config'>, zaken: ZaakService) {
  const { pool, config } = deps;

  async function resolveRefs(body: ZioCreateBody) {
    const errors: InvalidParam[] = [];
    const zref = parseZaakRef(config.publicUrl, body.zaak);
    const zaak = zref.kind === 'local' && zref.uuid ? await findZaak(pool, zref.uuid) : null;
    if (!zaak) errors.push(refError('zaak', zref));
    const dref = parseEioRef(config.publicUrl, body.informatieobject);
    const doc = dref.kind === 'local' && dref.uuid ? await repo.findDocument(pool, dref.uuid) : null;
    if (!doc) errors.push(refError('informatieobject', dref));
    // This subset serves no statussen, so no status URL can resolve.
    if (body.status) errors.push(param('status', 'does_not_exist', REASONS.statusDoesNotExist));
    if (errors.length > 0 || !zaak || !doc) throw validationError(errors);
    return { zaak, doc };
  }

  /** Object-level rules, all reported together as DRF runs every Meta validator. */
  async function objectErrors(zaak: ZaakRow, doc: repo.LinkableDocument): Promise<InvalidParam[]> {
    const errors: InvalidParam[] = [];
    if (await repo.zioExists(pool, zaak.id, doc.id))
      errors.push(param('nonFieldErrors', 'unique', REASONS.unique));
    if (!(await repo.zaaktypeAllows(pool, zaak.zaaktype_id, doc.informatieobjecttype_id))) {
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
        repo.insertZaakInformatieobjecten(client, [
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
    return (await repo.findZio(pool, uuid))!;
  }

  /** The ZIO with its zaak, authorised on the zaak's zaaktype and VA (404 / 403). */
  async function authorised(auth: AuthContext, uuid: string, scope: ScopeExpr) {
    const zio = isUuid(uuid) ? await repo.findZio(pool, uuid.toLowerCase()) : null;
    if (!zio) throw notFound();
    const zaak = (await findZaak(pool, zio.zaak_uuid))!;
    zaken.requireZaakScope(auth, zaak, scope);
    return { zio, zaak };
  }

  async function update(auth: AuthContext, uuid: string, body: ZioPatchBody): Promise<repo.ZioRow> {
    const { zio, zaak } = await authorised(auth, uuid, UPDATE);
    zaken.requireOpenOrForced(auth, zaak);
    const errors: InvalidParam[] = [];
    const same = (value: string | undefined, ref: UrlRef, current: string) =>
      value === undefined || (ref.kind === 'local' && ref.uuid === current);
    if (
      body.zaak !== undefined &&
      !same(body.zaak, parseZaakRef(config.publicUrl, body.zaak), zio.zaak_uuid)
    ) {
      errors.push(param('zaak', 'wijzigen-niet-toegelaten', REASONS.immutable));
    }
    const ioRef =
      body.informatieobject === undefined ? null : parseEioRef(config.publicUrl, body.informatieobject);
    if (ioRef && !same(body.informatieobject, ioRef, zio.document_uuid)) {
      errors.push(param('informatieobject', 'wijzigen-niet-toegelaten', REASONS.immutable));
    }
    if (body.status) errors.push(param('status', 'does_not_exist', REASONS.statusDoesNotExist));
    if (zaak.archiefstatus !== 'nog_te_archiveren') {
      errors.push(param('nonFieldErrors', 'zaak-archiefstatus-invalid', REASONS.archiefstatusInvalid));
    }
    if (errors.length > 0) throw validationError(errors);
    await repo.updateZio(pool, zio.id, body);
    return (await repo.findZio(pool, zio.uuid))!;
  }

  async function remove(auth: AuthContext, uuid: string): Promise<void> {
    const { zio, zaak } = await authorised(auth, uuid, DESTROY);
    zaken.requireOpenOrForced(auth, zaak);
    await withTransaction(pool, (client) => repo.deleteZio(client, zio));
  }

  async function list(auth: AuthContext, query: ZioListQuery): Promise<repo.ZioRow[]> {
    const filter = (name: string, value: string | undefined, parse: (v: string) => UrlRef) => {
      if (value === undefined) return undefined;
      const ref = parse(value);
      if (ref.kind === 'invalid') throw validationError([param(name, 'invalid', REASONS.badUrl)]);
      return ref.kind === 'local' ? ref.uuid : null;
    };
    const zaakUuid = filter('zaak', query.zaak, (v) => parseZaakRef(config.publicUrl, v));
    const documentUuid = filter('informatieobject', query.informatieobject, (v) =>
      parseEioRef(config.publicUrl, v),
    );
    return repo.listZios(pool, { zaakUuid, documentUuid }, zaakGrants(auth, config.publicUrl));
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
