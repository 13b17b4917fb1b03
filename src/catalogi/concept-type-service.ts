import { notFound } from '../shared/errors.js';
import { type CatalogusService, conceptFilter } from './catalogus-service.js';
import { nonConcept } from './errors.js';
import { checkNoOverlap, checkStartBeforeEnd, type GeldigheidKey } from './geldigheid.js';

/** The repository functions every concept type has (concept-type-repository.ts and `get`). */
interface ConceptTypeRepository<Row> {
  get(uuid: string): Promise<Row | undefined>;
  deleteConcept(uuid: string): Promise<boolean>;
  overlapsGeldigheid(v: GeldigheidKey): Promise<boolean>;
}

/** What the list of a type filters on besides its own key (Catalogi 1.3 list parameters). */
export interface ConceptTypeListQuery {
  catalogus?: string;
  status?: 'concept' | 'definitief' | 'alles';
}

/**
 * The rules informatieobjecttypen and zaaktypen share (Catalogi API 1.3, Open Zaak's ztc
 * validators): 404 for an unknown uuid, delete only while concept (400 non-concept-object),
 * geldigheid within the catalogus (`date-mismatch`, `overlap`), the list's common filters.
 */
export function createConceptTypeRules<Row>(deps: {
  repo: ConceptTypeRepository<Row>;
  catalogussen: CatalogusService;
  /** The type's name in the overlap message: `Dit zaaktype komt al voor …`. */
  label: string;
}) {
  const { repo, catalogussen, label } = deps;

  async function require(uuid: string): Promise<Row> {
    const row = await repo.get(uuid);
    if (!row) throw notFound();
    return row;
  }

  return {
    require,

    /** The geldigheid rules of a type in its catalogus; returns the catalogus id. */
    async validateGeldigheid(
      input: { catalogus: string; beginGeldigheid: string; eindeGeldigheid?: string | null },
      key: string,
      exceptUuid?: string,
    ): Promise<number> {
      checkStartBeforeEnd(input.beginGeldigheid, input.eindeGeldigheid);
      const catalogusId = await catalogussen.requireCatalogusId(input.catalogus);
      await checkNoOverlap(repo, label, {
        catalogusId,
        key,
        begin: input.beginGeldigheid,
        einde: input.eindeGeldigheid,
        exceptUuid,
      });
      return catalogusId;
    },

    /** `catalogus` and `status` of a list request as repository filters. */
    async listFilters(q: ConceptTypeListQuery): Promise<{ catalogusId?: number; concept?: boolean }> {
      return {
        catalogusId: await catalogussen.filterCatalogusId(q.catalogus),
        concept: conceptFilter(q.status),
      };
    },

    async delete(uuid: string): Promise<void> {
      await require(uuid);
      if (!(await repo.deleteConcept(uuid))) throw nonConcept('delete');
    },
  };
}
