import { boolean, integer, pgTable, serial, text, uuid, varchar } from 'drizzle-orm/pg-core';

/** Applicatie (Autorisaties API Applicatie). Client ids live in their own table so a client id can belong to one applicatie only. */
export const applicaties = pgTable('applicaties', {
  id: serial('id').primaryKey(),
  uuid: uuid('uuid').notNull().unique(),
  label: varchar('label', { length: 100 }).notNull().default(''),
  heeftAlleAutorisaties: boolean('heeft_alle_autorisaties').notNull().default(false),
});

export const applicatieClients = pgTable('applicatie_clients', {
  clientId: varchar('client_id', { length: 50 }).primaryKey(),
  applicatieId: integer('applicatie_id')
    .notNull()
    .references(() => applicaties.id, { onDelete: 'cascade' }),
  position: integer('position').notNull().default(0),
});

export const autorisaties = pgTable('autorisaties', {
  id: serial('id').primaryKey(),
  applicatieId: integer('applicatie_id')
    .notNull()
    .references(() => applicaties.id, { onDelete: 'cascade' }),
  component: varchar('component', { length: 10 }).notNull(),
  scopes: text('scopes').array().notNull().default([]),
  zaaktype: varchar('zaaktype', { length: 1000 }).notNull().default(''),
  informatieobjecttype: varchar('informatieobjecttype', { length: 1000 }).notNull().default(''),
  besluittype: varchar('besluittype', { length: 1000 }).notNull().default(''),
  maxVertrouwelijkheidaanduiding: varchar('max_vertrouwelijkheidaanduiding', { length: 20 })
    .notNull()
    .default(''),
});

/** JWT secrets per client id (ZGW JWT-Claims, as vng-api-common verifies them), managed from the CLI and bootstrap. */
export const jwtSecrets = pgTable('jwt_secrets', {
  clientId: varchar('client_id', { length: 50 }).primaryKey(),
  secret: varchar('secret', { length: 255 }).notNull(),
});
