import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

export const catalogussen = pgTable('catalogussen', {
  id: serial('id').primaryKey(),
  uuid: uuid('uuid').notNull().unique(),
  naam: varchar('naam', { length: 200 }).notNull().default(''),
  domein: varchar('domein', { length: 5 }).notNull(),
  rsin: varchar('rsin', { length: 9 }).notNull(),
  contactpersoonBeheerNaam: varchar('contactpersoon_beheer_naam', { length: 40 }).notNull(),
  contactpersoonBeheerTelefoonnummer: varchar('contactpersoon_beheer_telefoonnummer', {
    length: 20,
  })
    .notNull()
    .default(''),
  contactpersoonBeheerEmailadres: varchar('contactpersoon_beheer_emailadres', { length: 254 })
    .notNull()
    .default(''),
  versie: varchar('versie', { length: 20 }).notNull().default(''),
  begindatumVersie: date('begindatum_versie'),
});

export const informatieobjecttypen = pgTable('informatieobjecttypen', {
  id: serial('id').primaryKey(),
  uuid: uuid('uuid').notNull().unique(),
  catalogusId: integer('catalogus_id')
    .notNull()
    .references(() => catalogussen.id, { onDelete: 'restrict' }),
  omschrijving: varchar('omschrijving', { length: 80 }).notNull(),
  vertrouwelijkheidaanduiding: varchar('vertrouwelijkheidaanduiding', { length: 20 }).notNull(),
  beginGeldigheid: date('begin_geldigheid').notNull(),
  eindeGeldigheid: date('einde_geldigheid'),
  concept: boolean('concept').notNull().default(true),
  informatieobjectcategorie: varchar('informatieobjectcategorie', { length: 80 }).notNull(),
  trefwoord: text('trefwoord').array().notNull().default([]),
  omschrijvingGeneriek: jsonb('omschrijving_generiek'),
});

export const zaaktypen = pgTable('zaaktypen', {
  id: serial('id').primaryKey(),
  uuid: uuid('uuid').notNull().unique(),
  catalogusId: integer('catalogus_id')
    .notNull()
    .references(() => catalogussen.id, { onDelete: 'restrict' }),
  identificatie: varchar('identificatie', { length: 50 }).notNull(),
  omschrijving: varchar('omschrijving', { length: 80 }).notNull(),
  vertrouwelijkheidaanduiding: varchar('vertrouwelijkheidaanduiding', { length: 20 }).notNull(),
  concept: boolean('concept').notNull().default(true),
  beginGeldigheid: date('begin_geldigheid').notNull(),
  eindeGeldigheid: date('einde_geldigheid'),
  versiedatum: date('versiedatum').notNull(),
  /** The remaining fields of the documented subset, validated by the API before storing. */
  data: jsonb('data').notNull().default({}),
});

export const zaaktypeInformatieobjecttypen = pgTable(
  'zaaktype_informatieobjecttypen',
  {
    zaaktypeId: integer('zaaktype_id')
      .notNull()
      .references(() => zaaktypen.id, { onDelete: 'cascade' }),
    informatieobjecttypeId: integer('informatieobjecttype_id')
      .notNull()
      .references(() => informatieobjecttypen.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.zaaktypeId, t.informatieobjecttypeId] })],
);
