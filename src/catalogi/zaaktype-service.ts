import { randomUUID } from 'node:crypto';
import { invalidParam, validationError } from '../shared/errors.js';
import type { CatalogusService } from './catalogus-service.js';
import { type ConceptTypeListQuery, createConceptTypeRules } from './concept-type-service.js';
import { conceptRelation, relationsIncorrectCatalogus } from './errors.js';
import type { InformatieobjecttypeRepository } from './informatieobjecttype-repository.js';
import { ZAAKTYPE_DATA_FIELDS, type ZaaktypeInput } from './schemas.js';
import { PATHS, type Urls } from '../shared/urls.js';
import type { ZaaktypeRepository, ZaaktypeRow } from './zaaktype-repository.js';

/**
 * ZaakType rules for the documented subset (README): created as concept, published by
 * `POST …/{uuid}/publish` once every related informatieobjecttype is published, deleted
 * only while concept. `informatieobjecttypen` are local types of the same catalogus.
 */
export function createZaaktypeService(deps: {
  repo: ZaaktypeRepository;
  informatieobjecttypen: InformatieobjecttypeRepository;
  catalogussen: CatalogusService;
  urls: Urls;
}) {
  const { repo, urls: links } = deps;
  const rules = createConceptTypeRules({ ...deps, label: 'zaaktype' });
  const { require } = rules;

  async function informatieobjecttypeIds(urls: string[], catalogusId: number): Promise<number[]> {
    const uuids = urls.map((u) => links.localUuid(u, PATHS.catalogi('informatieobjecttypen')));
    const found = await deps.informatieobjecttypen.byUuids(uuids.filter((u): u is string => u !== null));
    const byUuid = new Map(found.map((f) => [f.uuid, f]));
    const params = [];
    const ids: number[] = [];
    for (const [i, uuid] of uuids.entries()) {
      const iot = uuid ? byUuid.get(uuid) : undefined;
      if (!iot) {
        params.push({
          name: `informatieobjecttypen.${i}`,
          code: 'does_not_exist',
          reason: 'Ongeldige hyperlink - Object bestaat niet.',
        });
      } else if (iot.catalogusId !== catalogusId) {
        throw relationsIncorrectCatalogus('informatieobjecttypen');
      } else ids.push(iot.id);
    }
    if (params.length > 0) throw validationError(params);
    return ids;
  }

  return {
    get: require,
    delete: rules.delete,

    async list(q: ConceptTypeListQuery & { identificatie?: string }, limit: number, offset: number) {
      return repo.list({ ...(await rules.listFilters(q)), identificatie: q.identificatie }, limit, offset);
    },

    async create(input: ZaaktypeInput): Promise<ZaaktypeRow> {
      if (input.verlengingMogelijk && !input.verlengingstermijn) {
        throw invalidParam(
          'verlengingstermijn',
          'required',
          'verlengingstermijn must be set if verlengingMogelijk is true.',
        );
      }
      const catalogusId = await rules.validateGeldigheid(input, input.identificatie);
      const ids = await informatieobjecttypeIds(input.informatieobjecttypen ?? [], catalogusId);
      const data: Record<string, unknown> = {};
      for (const key of ZAAKTYPE_DATA_FIELDS) if (input[key] !== undefined) data[key] = input[key];
      const uuid = randomUUID();
      await repo.insert(uuid, catalogusId, input, data, ids);
      return require(uuid);
    },

    async publish(uuid: string): Promise<ZaaktypeRow> {
      const row = await require(uuid);
      if ((await repo.conceptInformatieobjecttypen(row.id)).length > 0) {
        throw conceptRelation('informatieobjecttypen');
      }
      await repo.publish(uuid);
      return require(uuid);
    },
  };
}

export type ZaaktypeService = ReturnType<typeof createZaaktypeService>;
