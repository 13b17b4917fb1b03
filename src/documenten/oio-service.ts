import { randomUUID } from 'node:crypto';
import { requireObjectScope } from '../auth/permissions.js';
import type { AuthContext } from '../auth/types.js';
import type { Deps } from '../deps.js';
import { invalidParam, notFound } from '../shared/errors.js';
import { eioPath, localIotUrl } from './mapper.js';
import * as oio from './oio-repository.js';
import { createReadService, isUuid } from './read-service.js';
import * as repo from './repository.js';

/**
 * ObjectInformatieObject (documenten-api.md §2): a read-mostly mirror of ZIO relations;
 * POST only confirms a local mirror or records a remote object; DELETE only once the
 * source relation is gone. Autorisatie uses the linked document's latest IOT/VA.
 */
const ZAKEN_PREFIX = '/zaken/api/v1/zaken/';

export function createOioService(deps: Deps) {
  const { pool, config } = deps;
  const reads = createReadService(deps);
  const pub = config.publicUrl;

  const toResource = (r: oio.OioRow) => ({
    url: `${pub}/documenten/api/v1/objectinformatieobjecten/${r.uuid}`,
    informatieobject: `${pub}${eioPath}/${r.document_uuid}`,
    object: r.zaak_uuid ? `${pub}${ZAKEN_PREFIX}${r.zaak_uuid}` : (r.object_url ?? ''),
    objectType: r.object_type,
  });

  const iotOf = (r: { iot_uuid: string | null; informatieobjecttype_url: string | null }) =>
    r.iot_uuid ? localIotUrl(pub, r.iot_uuid) : (r.informatieobjecttype_url ?? '');

  function authorise(
    auth: AuthContext,
    scope: string,
    r:
      | oio.OioRow
      | {
          iot_uuid: string | null;
          informatieobjecttype_url: string | null;
          vertrouwelijkheidaanduiding: string;
        },
  ) {
    requireObjectScope(auth, 'drc', 'informatieobjecttype', scope, {
      typeUrl: iotOf(r),
      vertrouwelijkheidaanduiding: r.vertrouwelijkheidaanduiding,
    });
  }

  /** The local zaak id of an object URL under PUBLIC_URL, undefined when not local. */
  async function localZaak(url: string): Promise<{ id: number | null } | undefined> {
    if (!url.startsWith(`${pub}${ZAKEN_PREFIX}`)) return undefined;
    const uuid = url.slice(pub.length + ZAKEN_PREFIX.length);
    return { id: isUuid(uuid) ? await oio.zaakIdByUuid(pool, uuid) : null };
  }

  async function list(auth: AuthContext, q: { informatieobject?: string; object?: string }) {
    let documentUuid: string | undefined;
    if (q.informatieobject !== undefined) {
      const prefix = `${pub}${eioPath}/`;
      documentUuid = q.informatieobject.startsWith(prefix) ? q.informatieobject.slice(prefix.length) : '';
      if (!isUuid(documentUuid)) return [];
    }
    let object: { url: string; zaakId: number | null } | undefined;
    if (q.object !== undefined) object = { url: q.object, zaakId: (await localZaak(q.object))?.id ?? null };
    const rows = await oio.listOio(pool, { documentUuid, object }, await reads.grantsFor(auth));
    return rows.map(toResource);
  }

  async function get(uuid: string, auth: AuthContext, scope = 'documenten.lezen'): Promise<oio.OioRow> {
    if (!isUuid(uuid)) throw notFound();
    const row = await oio.findOio(pool, uuid);
    if (!row) throw notFound();
    authorise(auth, scope, row);
    return row;
  }

  async function create(
    auth: AuthContext,
    body: { informatieobject: string; object: string; objectType: string },
  ) {
    const prefix = `${pub}${eioPath}/`;
    const docUuid = body.informatieobject.startsWith(prefix)
      ? body.informatieobject.slice(prefix.length)
      : '';
    const doc = isUuid(docUuid) ? await repo.findVersion(pool, docUuid) : undefined;
    if (!doc)
      throw invalidParam('informatieobject', 'does_not_exist', 'Ongeldige hyperlink - Object bestaat niet.');
    authorise(auth, 'documenten.aanmaken', doc);
    const inconsistent = () =>
      invalidParam(
        'nonFieldErrors',
        'inconsistent-relation',
        'Het object heeft geen relatie met dit informatieobject.',
      );
    const zaak = await localZaak(body.object);
    if (zaak || body.object.startsWith(pub)) {
      // a local object: only the mirror written with the ZaakInformatieObject exists (§2)
      if (!zaak?.id || body.objectType !== 'zaak') throw inconsistent();
      const mirror = await oio.findMirror(pool, doc.document_id, zaak.id);
      if (!mirror) throw inconsistent();
      return toResource(mirror);
    }
    const uuid = randomUUID();
    const inserted = await oio.insertRemoteOio(pool, {
      uuid,
      documentId: doc.document_id,
      objectType: body.objectType,
      objectUrl: body.object,
    });
    if (!inserted)
      throw invalidParam(
        'nonFieldErrors',
        'unique',
        'De velden informatieobject, object moeten een unieke set zijn.',
      );
    return toResource((await oio.findOio(pool, uuid)) as oio.OioRow);
  }

  async function destroy(uuid: string, auth: AuthContext): Promise<void> {
    const row = await get(uuid, auth, 'documenten.verwijderen');
    if (row.zaak_id !== null && (await oio.zioExists(pool, row.document_id, row.zaak_id)))
      throw invalidParam(
        'nonFieldErrors',
        'remote-relation-exists',
        'Het object is nog gerelateerd aan de zaak; verwijder eerst de ZaakInformatieObject-relatie.',
      );
    await oio.deleteOio(pool, row.id);
  }

  return { list, get, create, destroy, toResource };
}
