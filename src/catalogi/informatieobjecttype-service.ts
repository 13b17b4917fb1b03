import { randomUUID } from 'node:crypto';
import { notFound } from '../shared/errors.js';
import type { CatalogusService } from './catalogus-service.js';
import { type ConceptTypeListQuery, createConceptTypeRules } from './concept-type-service.js';
import { nonConcept } from './errors.js';
import type {
  InformatieobjecttypeRepository,
  InformatieobjecttypeRow,
} from './informatieobjecttype-repository.js';
import type { InformatieobjecttypeInput } from './schemas.js';

/**
 * Informatieobjecttype rules (Catalogi API 1.3): created as concept,
 * changed or deleted only while concept (400 non-concept-object), published by
 * `POST …/{uuid}/publish`.
 */
export function createInformatieobjecttypeService(deps: {
  repo: InformatieobjecttypeRepository;
  catalogussen: CatalogusService;
}) {
  const { repo } = deps;
  const rules = createConceptTypeRules({ ...deps, label: 'informatieobjecttype' });
  const { require } = rules;

  /** Object-level rules; returns the catalogus id. */
  const validate = (input: InformatieobjecttypeInput, exceptUuid?: string): Promise<number> =>
    rules.validateGeldigheid(input, input.omschrijving, exceptUuid);

  return {
    get: require,
    delete: rules.delete,

    async list(q: ConceptTypeListQuery & { omschrijving?: string }, limit: number, offset: number) {
      return repo.list({ ...(await rules.listFilters(q)), omschrijving: q.omschrijving }, limit, offset);
    },

    async create(input: InformatieobjecttypeInput): Promise<InformatieobjecttypeRow> {
      const catalogusId = await validate(input);
      const uuid = randomUUID();
      await repo.insert(uuid, catalogusId, input);
      return require(uuid);
    },

    /** PUT (full input) or PATCH (input merged over the current values). */
    async update(
      uuid: string,
      input: Partial<InformatieobjecttypeInput>,
      current: (row: InformatieobjecttypeRow) => InformatieobjecttypeInput,
    ): Promise<InformatieobjecttypeRow> {
      const row = await require(uuid);
      if (!row.concept) throw nonConcept('update');
      const merged = { ...current(row), ...input } as InformatieobjecttypeInput;
      const catalogusId = await validate(merged, uuid);
      if (!(await repo.updateConcept(uuid, catalogusId, merged))) throw nonConcept('update');
      return require(uuid);
    },

    async publish(uuid: string): Promise<InformatieobjecttypeRow> {
      if (!(await repo.publish(uuid))) throw notFound();
      return require(uuid);
    },
  };
}

export type InformatieobjecttypeService = ReturnType<typeof createInformatieobjecttypeService>;
