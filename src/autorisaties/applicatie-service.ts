import { randomUUID } from 'node:crypto';
import type { Autorisatie } from '../auth/types.js';
import { type InvalidParam, notFound, validationError } from '../shared/errors.js';
import type { Queryable } from '../db/pool.js';
import type { Notifier } from '../notifications/notifier.js';
import type { ApplicatieData, ApplicatieRepository, ApplicatieRow } from './applicatie-repository.js';
import type { Urls } from '../shared/urls.js';
import {
  ambiguousAuthorizations,
  clientIdExists,
  missingAuthorizations,
  requiredForComponent,
} from './errors.js';
import type { ApplicatieInput, AutorisatieInput } from './schemas.js';

/**
 * Applicatie rules of the Autorisaties API 1.0 (vng_api_common ApplicatieSerializer):
 * a client id belongs to one applicatie (`clientIds`/`clientId-exists`); exactly one of
 * heeftAlleAutorisaties and autorisaties (`ambiguous-authorizations-specified`,
 * `missing-authorizations`); per component the type field and maxVertrouwelijkheidaanduiding
 * are required (`required`) when the autorisatie holds a scope of that component's resource.
 */
const TYPE_FIELD = { zrc: 'zaaktype', drc: 'informatieobjecttype', brc: 'besluittype' } as const;
const SCOPE_PREFIX = { zrc: 'zaken.', drc: 'documenten.', brc: 'besluiten.' } as const;
const NEEDS_MAX_VA = new Set(['zrc', 'drc']);

function normaliseAutorisatie(a: AutorisatieInput): Autorisatie {
  const typeField = TYPE_FIELD[a.component as keyof typeof TYPE_FIELD];
  return {
    component: a.component,
    scopes: [...new Set(a.scopes)],
    zaaktype: typeField === 'zaaktype' ? (a.zaaktype ?? '') : '',
    informatieobjecttype: typeField === 'informatieobjecttype' ? (a.informatieobjecttype ?? '') : '',
    besluittype: typeField === 'besluittype' ? (a.besluittype ?? '') : '',
    maxVertrouwelijkheidaanduiding: NEEDS_MAX_VA.has(a.component)
      ? (a.maxVertrouwelijkheidaanduiding ?? '')
      : '',
  };
}

function autorisatieProblems(autorisaties: Autorisatie[]): InvalidParam[] {
  const problems: InvalidParam[] = [];
  for (const [i, a] of autorisaties.entries()) {
    const component = a.component as keyof typeof TYPE_FIELD;
    const typeField = TYPE_FIELD[component];
    if (!typeField || !a.scopes.some((s) => s.startsWith(SCOPE_PREFIX[component]))) continue;
    const required = NEEDS_MAX_VA.has(component)
      ? ['maxVertrouwelijkheidaanduiding', typeField]
      : [typeField];
    for (const field of required) {
      if (a[field as keyof Autorisatie] === '') {
        problems.push(requiredForComponent(`autorisaties.${i}.${field}`, component));
      }
    }
  }
  return problems;
}

/**
 * Each change is announced on kanaal `autorisaties` (Autorisaties API notifications:
 * resource `applicatie`, actie create/update/partial_update/destroy), in its transaction.
 */
export function createApplicatieService(
  repo: ApplicatieRepository,
  events: { notifications: Notifier; urls: Urls },
) {
  const announce = (uuid: string, actie: string) => async (q: Queryable) => {
    const url = events.urls.applicatie(uuid);
    await events.notifications.publish(q, {
      kanaal: 'autorisaties',
      hoofdObject: url,
      resource: 'applicatie',
      resourceUrl: url,
      actie,
      kenmerken: {},
    });
  };

  async function require(uuid: string): Promise<ApplicatieRow> {
    const row = await repo.get(uuid);
    if (!row) throw notFound();
    return row;
  }

  async function validate(d: ApplicatieData, exceptId: number | null): Promise<void> {
    const taken = await repo.takenClientIds(d.clientIds, exceptId);
    if (taken.length > 0) {
      throw clientIdExists(taken);
    }
    const problems = autorisatieProblems(d.autorisaties);
    if (problems.length > 0) throw validationError(problems);
    if (d.autorisaties.length > 0 && d.heeftAlleAutorisaties) {
      throw ambiguousAuthorizations();
    }
    if (d.autorisaties.length === 0 && !d.heeftAlleAutorisaties) {
      throw missingAuthorizations();
    }
  }

  /** A concurrent insert of the same client id loses on the primary key: same 400. */
  async function guarded(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw clientIdExists();
      }
      throw err;
    }
  }

  const toData = (input: Partial<ApplicatieInput>, base: ApplicatieData): ApplicatieData => ({
    label: input.label ?? base.label,
    heeftAlleAutorisaties: input.heeftAlleAutorisaties ?? base.heeftAlleAutorisaties,
    clientIds: input.clientIds ? [...new Set(input.clientIds)] : base.clientIds,
    autorisaties: input.autorisaties ? input.autorisaties.map(normaliseAutorisatie) : base.autorisaties,
  });
  const EMPTY: ApplicatieData = { label: '', heeftAlleAutorisaties: false, clientIds: [], autorisaties: [] };

  return {
    get: require,

    async create(input: ApplicatieInput): Promise<ApplicatieRow> {
      const d = toData(input, EMPTY);
      await validate(d, null);
      const uuid = randomUUID();
      await guarded(() => repo.insert(uuid, d, announce(uuid, 'create')));
      return require(uuid);
    },

    /**
     * PUT and PATCH: omitted fields keep their current values (as vng_api_common, which
     * validates against the instance's autorisaties and heeftAlleAutorisaties).
     */
    async update(uuid: string, input: Partial<ApplicatieInput>, partial = false): Promise<ApplicatieRow> {
      const row = await require(uuid);
      const d = toData(input, row);
      await validate(d, row.id);
      await guarded(() => repo.replace(row.id, d, announce(uuid, partial ? 'partial_update' : 'update')));
      return require(uuid);
    },

    async delete(uuid: string): Promise<void> {
      if (!(await repo.delete(uuid, announce(uuid, 'destroy')))) throw notFound();
    },
  };
}
