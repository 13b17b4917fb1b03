import type pg from 'pg';
import type { Autorisatie } from '../auth/types.js';
import { type Queryable, withTransaction } from '../db/pool.js';

/**
 * SQL for the Autorisaties API `applicaties`. No cache: every read goes to the database,
 * so a change is seen by every process on its next request (issue 3).
 */
export interface ApplicatieRow {
  id: number;
  uuid: string;
  label: string;
  heeftAlleAutorisaties: boolean;
  clientIds: string[];
  autorisaties: Autorisatie[];
}

export interface ApplicatieData {
  label: string;
  heeftAlleAutorisaties: boolean;
  clientIds: string[];
  autorisaties: Autorisatie[];
}

const SELECT = `select a.id, a.uuid, a.label, a.heeft_alle_autorisaties as "heeftAlleAutorisaties",
  array(select c.client_id from applicatie_clients c where c.applicatie_id = a.id order by c.position, c.client_id) as "clientIds",
  coalesce((select json_agg(json_build_object('component', z.component, 'scopes', z.scopes, 'zaaktype', z.zaaktype,
      'informatieobjecttype', z.informatieobjecttype, 'besluittype', z.besluittype,
      'maxVertrouwelijkheidaanduiding', z.max_vertrouwelijkheidaanduiding) order by z.id)
    from autorisaties z where z.applicatie_id = a.id), '[]'::json) as autorisaties
  from applicaties a`;

async function writeChildren(tx: Queryable, id: number, d: ApplicatieData): Promise<void> {
  await tx.query('delete from applicatie_clients where applicatie_id = $1', [id]);
  await tx.query('delete from autorisaties where applicatie_id = $1', [id]);
  await tx.query(
    `insert into applicatie_clients (client_id, applicatie_id, position)
     select c, $1, p - 1 from unnest($2::text[]) with ordinality as t(c, p)`,
    [id, d.clientIds],
  );
  for (const a of d.autorisaties) {
    await tx.query(
      `insert into autorisaties (applicatie_id, component, scopes, zaaktype, informatieobjecttype, besluittype,
         max_vertrouwelijkheidaanduiding) values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        a.component,
        a.scopes,
        a.zaaktype,
        a.informatieobjecttype,
        a.besluittype,
        a.maxVertrouwelijkheidaanduiding,
      ],
    );
  }
}

type InTx = (tx: Queryable) => Promise<void>;
const none: InTx = async () => undefined;

export function createApplicatieRepository(pool: pg.Pool) {
  return {
    async get(uuid: string): Promise<ApplicatieRow | undefined> {
      const { rows } = await pool.query<ApplicatieRow>(`${SELECT} where a.uuid = $1`, [uuid]);
      return rows[0];
    },

    async byClientId(clientId: string): Promise<ApplicatieRow | undefined> {
      const { rows } = await pool.query<ApplicatieRow>(
        `${SELECT} where a.id = (select applicatie_id from applicatie_clients where client_id = $1)`,
        [clientId],
      );
      return rows[0];
    },

    async list(clientIds: string[] | undefined, limit: number, offset: number) {
      const where = `where $1::text[] is null or exists
        (select 1 from applicatie_clients c where c.applicatie_id = a.id and c.client_id = any($1))`;
      const params = [clientIds ?? null];
      const [count, page] = await Promise.all([
        pool.query<{ n: number }>(`select count(*)::int as n from applicaties a ${where}`, params),
        pool.query<ApplicatieRow>(`${SELECT} ${where} order by a.id limit $2 offset $3`, [
          ...params,
          limit,
          offset,
        ]),
      ]);
      return { count: count.rows[0]?.n ?? 0, rows: page.rows };
    },

    /** The client ids of `clientIds` that belong to an applicatie other than `exceptId`. */
    async takenClientIds(clientIds: string[], exceptId: number | null): Promise<string[]> {
      const { rows } = await pool.query<{ client_id: string }>(
        `select client_id from applicatie_clients where client_id = any($1) and ($2::int is null or applicatie_id <> $2)
         order by client_id`,
        [clientIds, exceptId],
      );
      return rows.map((r) => r.client_id);
    },

    /** `inTx`: more work of the same transaction (the change's notification). */
    async insert(uuid: string, d: ApplicatieData, inTx: InTx = none): Promise<void> {
      await withTransaction(pool, async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          'insert into applicaties (uuid, label, heeft_alle_autorisaties) values ($1, $2, $3) returning id',
          [uuid, d.label, d.heeftAlleAutorisaties],
        );
        await writeChildren(tx, rows[0]!.id, d);
        await inTx(tx);
      });
    },

    async replace(id: number, d: ApplicatieData, inTx: InTx = none): Promise<void> {
      await withTransaction(pool, async (tx) => {
        await tx.query('update applicaties set label = $2, heeft_alle_autorisaties = $3 where id = $1', [
          id,
          d.label,
          d.heeftAlleAutorisaties,
        ]);
        await writeChildren(tx, id, d);
        await inTx(tx);
      });
    },

    async delete(uuid: string, inTx: InTx = none): Promise<boolean> {
      return withTransaction(pool, async (tx) => {
        const { rowCount } = await tx.query('delete from applicaties where uuid = $1', [uuid]);
        if ((rowCount ?? 0) === 0) return false;
        await inTx(tx);
        return true;
      });
    },
  };
}

export type ApplicatieRepository = ReturnType<typeof createApplicatieRepository>;
