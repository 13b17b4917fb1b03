import { randomUUID } from 'node:crypto';
import { invalidParam } from '../shared/errors.js';
import { rsinProblem } from '../shared/rsin.js';
import type { CatalogusRepository } from './catalogus-repository.js';
import { doesNotExist } from './errors.js';
import type { CatalogusInput } from './schemas.js';
import { PATHS, type Urls } from '../shared/urls.js';

/** Catalogus rules and the catalogus lookups the type resources share. */
export function createCatalogusService(deps: { repo: CatalogusRepository; urls: Urls }) {
  const { repo, urls } = deps;

  return {
    async create(input: CatalogusInput) {
      const problem = rsinProblem(input.rsin);
      if (problem) throw invalidParam('rsin', problem.code, problem.reason);
      const uuid = randomUUID();
      await repo.insert(uuid, input);
      return (await repo.get(uuid))!;
    },

    /** The id of the local catalogus a request body names, or 400 on `name`. */
    async requireCatalogusId(url: string, name = 'catalogus'): Promise<number> {
      const uuid = urls.localUuid(url, PATHS.catalogi('catalogussen'));
      const id = uuid ? await repo.idByUuid(uuid) : undefined;
      if (id === undefined) throw doesNotExist(name);
      return id;
    },

    /**
     * A `catalogus` list filter: undefined when absent, -1 (matches nothing) for a URL
     * that is not a known local catalogus, 400 when the value is not a URL.
     */
    async filterCatalogusId(url: string | undefined): Promise<number | undefined> {
      if (url === undefined) return undefined;
      if (!URL.canParse(url)) throw invalidParam('catalogus', 'invalid', 'Voer een geldige URL in.');
      const uuid = urls.localUuid(url, PATHS.catalogi('catalogussen'));
      return (uuid ? await repo.idByUuid(uuid) : undefined) ?? -1;
    },
  };
}

export type CatalogusService = ReturnType<typeof createCatalogusService>;

/** `status` filter of the type lists (Catalogi 1.3): default `definitief`. */
export function conceptFilter(status: 'concept' | 'definitief' | 'alles' | undefined): boolean | undefined {
  if (status === 'alles') return undefined;
  return status === 'concept';
}
