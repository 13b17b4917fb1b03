import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../db/pool.js';
import type { ClientCredentials } from '../auth/credentials.js';

/**
 * SQL for JWT credentials and the applicatie lookup that every request does (auth/'s
 * CredentialsLookup, wired in deps.ts). One query
 * per request and no cache, so a change made by any process applies to the next request.
 */
export function createCredentialsRepository(pool: pg.Pool) {
  return {
    async lookupClient(clientId: string): Promise<ClientCredentials> {
      const { rows } = await pool.query<{
        secret: string | null;
        applicaties: ClientCredentials['applicaties'] | null;
      }>(
        `select (select secret from jwt_secrets where client_id = $1) as secret,
                (select json_agg(json_build_object(
                   'uuid', a.uuid, 'label', a.label, 'heeftAlleAutorisaties', a.heeft_alle_autorisaties,
                   'autorisaties', coalesce((
                      select json_agg(json_build_object(
                        'component', z.component, 'scopes', z.scopes, 'zaaktype', z.zaaktype,
                        'informatieobjecttype', z.informatieobjecttype, 'besluittype', z.besluittype,
                        'maxVertrouwelijkheidaanduiding', z.max_vertrouwelijkheidaanduiding))
                      from autorisaties z where z.applicatie_id = a.id), '[]'::json)))
                 from applicatie_clients c join applicaties a on a.id = c.applicatie_id
                 where c.client_id = $1) as applicaties`,
        [clientId],
      );
      const row = rows[0];
      return { secret: row?.secret ?? null, applicaties: row?.applicaties ?? [] };
    },

    /**
     * `applicatie add` (run contract): an upsert on the client id. For an existing client
     * it replaces the secret and applies the flags given; otherwise it creates an
     * applicatie holding that client id.
     */
    async upsertApplicatie(input: {
      clientId: string;
      secret: string;
      label?: string;
      heeftAlleAutorisaties?: boolean;
    }): Promise<{ uuid: string; created: boolean }> {
      return withTransaction(pool, async (tx) => {
        await tx.query(
          `insert into jwt_secrets (client_id, secret) values ($1, $2)
           on conflict (client_id) do update set secret = excluded.secret`,
          [input.clientId, input.secret],
        );
        const existing = await tx.query<{ id: number; uuid: string }>(
          `select a.id, a.uuid from applicatie_clients c join applicaties a on a.id = c.applicatie_id
           where c.client_id = $1 for update of a`,
          [input.clientId],
        );
        const found = existing.rows[0];
        if (found) {
          if (input.label !== undefined) {
            await tx.query('update applicaties set label = $2 where id = $1', [found.id, input.label]);
          }
          if (input.heeftAlleAutorisaties) {
            await tx.query('delete from autorisaties where applicatie_id = $1', [found.id]);
            await tx.query('update applicaties set heeft_alle_autorisaties = true where id = $1', [found.id]);
          }
          return { uuid: found.uuid, created: false };
        }
        const uuid = randomUUID();
        const { rows } = await tx.query<{ id: number }>(
          `insert into applicaties (uuid, label, heeft_alle_autorisaties) values ($1, $2, $3) returning id`,
          [uuid, input.label ?? input.clientId, input.heeftAlleAutorisaties ?? false],
        );
        await tx.query('insert into applicatie_clients (client_id, applicatie_id) values ($1, $2)', [
          input.clientId,
          rows[0]?.id,
        ]);
        return { uuid, created: true };
      });
    },

    async listApplicaties(): Promise<
      {
        uuid: string;
        label: string;
        heeftAlleAutorisaties: boolean;
        clientIds: string[];
        autorisaties: number;
      }[]
    > {
      const { rows } = await pool.query(
        `select a.uuid, a.label, a.heeft_alle_autorisaties as "heeftAlleAutorisaties",
                coalesce(array(select client_id from applicatie_clients c where c.applicatie_id = a.id
                               order by c.position, c.client_id), '{}') as "clientIds",
                (select count(*)::int from autorisaties z where z.applicatie_id = a.id) as autorisaties
         from applicaties a order by a.id`,
      );
      return rows;
    },
  };
}

export type CredentialsRepository = ReturnType<typeof createCredentialsRepository>;
