import type pg from 'pg';
import { createCatalogusRepository } from './catalogus-repository.js';
import { createInformatieobjecttypeRepository } from './informatieobjecttype-repository.js';
import { createZaaktypeRepository } from './zaaktype-repository.js';

/** The Catalogi repositories on the pool, built once in the composition root (deps.ts). */
export function createCatalogiRepositories(pool: pg.Pool) {
  return {
    catalogussen: createCatalogusRepository(pool),
    informatieobjecttypen: createInformatieobjecttypeRepository(pool),
    zaaktypen: createZaaktypeRepository(pool),
  };
}

export type CatalogiRepositories = ReturnType<typeof createCatalogiRepositories>;
