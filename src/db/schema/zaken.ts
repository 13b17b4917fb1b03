import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { zaaktypen } from './catalogi.js';
import { documents } from './documenten.js';

export const zaken = pgTable(
  'zaken',
  {
    id: serial('id').primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    identificatie: varchar('identificatie', { length: 40 }).notNull(),
    bronorganisatie: varchar('bronorganisatie', { length: 9 }).notNull(),
    verantwoordelijkeOrganisatie: varchar('verantwoordelijke_organisatie', {
      length: 9,
    }).notNull(),
    zaaktypeId: integer('zaaktype_id')
      .notNull()
      .references(() => zaaktypen.id, { onDelete: 'restrict' }),
    omschrijving: varchar('omschrijving', { length: 80 }).notNull().default(''),
    toelichting: text('toelichting').notNull().default(''),
    registratiedatum: date('registratiedatum').notNull(),
    startdatum: date('startdatum').notNull(),
    einddatum: date('einddatum'),
    vertrouwelijkheidaanduiding: varchar('vertrouwelijkheidaanduiding', { length: 20 }).notNull(),
    archiefstatus: varchar('archiefstatus', { length: 40 }).notNull().default('nog_te_archiveren'),
    /** Further fields of the documented subset. */
    data: jsonb('data').notNull().default({}),
  },
  (t) => [
    uniqueIndex('zaken_bronorganisatie_identificatie_uq').on(t.bronorganisatie, t.identificatie),
    index('zaken_zaaktype_idx').on(t.zaaktypeId),
  ],
);

export const zaakinformatieobjecten = pgTable(
  'zaakinformatieobjecten',
  {
    id: serial('id').primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    zaakId: integer('zaak_id')
      .notNull()
      .references(() => zaken.id, { onDelete: 'cascade' }),
    documentId: bigint('document_id', { mode: 'number' })
      .notNull()
      .references(() => documents.id, { onDelete: 'restrict' }),
    aardRelatie: varchar('aard_relatie', { length: 20 }).notNull().default('hoort_bij'),
    titel: varchar('titel', { length: 200 }).notNull().default(''),
    beschrijving: text('beschrijving').notNull().default(''),
    registratiedatum: timestamp('registratiedatum', { withTimezone: true, precision: 6 })
      .notNull()
      .default(sql`now()`),
    vernietigingsdatum: timestamp('vernietigingsdatum', { withTimezone: true, precision: 6 }),
    status: varchar('status', { length: 1000 }),
  },
  (t) => [
    uniqueIndex('zio_zaak_document_uq').on(t.zaakId, t.documentId),
    index('zio_document_idx').on(t.documentId),
  ],
);

/** Atomic allocators for generated identificaties (`DOCUMENT-2026-`, `ZAAK-2026-`). */
export const identificatieCounters = pgTable('identificatie_counters', {
  prefix: varchar('prefix', { length: 40 }).primaryKey(),
  last: bigint('last', { mode: 'number' }).notNull().default(0),
});
