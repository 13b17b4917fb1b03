import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { documents } from './documenten.js';

/**
 * Gebruiksrechten of a document (Documenten API `Gebruiksrechten`): owned by the canonical
 * document, so they go with it. Their existence is what `indicatieGebruiksrecht` says.
 */
export const gebruiksrechten = pgTable(
  'gebruiksrechten',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    documentId: bigint('document_id', { mode: 'number' })
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    startdatum: timestamp('startdatum', { withTimezone: true, precision: 6 }).notNull(),
    einddatum: timestamp('einddatum', { withTimezone: true, precision: 6 }),
    omschrijvingVoorwaarden: text('omschrijving_voorwaarden').notNull(),
  },
  (t) => [index('gebruiksrechten_document_idx').on(t.documentId)],
);

/**
 * Verzendingen of a document (Documenten API `Verzending`). The three address groups are
 * stored as JSON objects (null when absent); at most one contact channel is filled.
 */
export const verzendingen = pgTable(
  'verzendingen',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    documentId: bigint('document_id', { mode: 'number' })
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    betrokkene: varchar('betrokkene', { length: 200 }).notNull(),
    aardRelatie: varchar('aard_relatie', { length: 20 }).notNull(),
    toelichting: varchar('toelichting', { length: 200 }).notNull().default(''),
    ontvangstdatum: date('ontvangstdatum'),
    verzenddatum: date('verzenddatum'),
    contactPersoon: varchar('contact_persoon', { length: 1000 }).notNull(),
    contactpersoonnaam: varchar('contactpersoonnaam', { length: 40 }).notNull().default(''),
    binnenlandsCorrespondentieadres: jsonb('binnenlands_correspondentieadres'),
    buitenlandsCorrespondentieadres: jsonb('buitenlands_correspondentieadres'),
    correspondentiePostadres: jsonb('correspondentie_postadres'),
    faxnummer: varchar('faxnummer', { length: 15 }),
    emailadres: varchar('emailadres', { length: 100 }),
    mijnOverheid: boolean('mijn_overheid').notNull().default(false),
    telefoonnummer: varchar('telefoonnummer', { length: 15 }),
  },
  (t) => [
    index('verzendingen_document_idx').on(t.documentId),
    index('verzendingen_betrokkene_idx').on(t.betrokkene),
  ],
);
