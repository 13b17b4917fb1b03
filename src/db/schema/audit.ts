import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

/**
 * Audit trail records (Documenten API `AuditTrail` schema; vng_api_common's AuditTrail model).
 * No foreign key to documents or imports: a record outlives what it describes (an import's
 * record survives the import's retention, a document's destroy record the document).
 * `hoofd_object_uuid` is the uuid of the hoofdObject (document or import) the records are
 * read by; `informatieobjecttype`/`vertrouwelijkheidaanduiding` are the document's at the time,
 * used to authorise reading the records of a document that no longer exists.
 */
export const auditTrail = pgTable(
  'audit_trail',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    bron: varchar('bron', { length: 50 }).notNull(),
    applicatieId: varchar('applicatie_id', { length: 100 }).notNull().default(''),
    applicatieWeergave: varchar('applicatie_weergave', { length: 200 }).notNull().default(''),
    gebruikersId: varchar('gebruikers_id', { length: 255 }).notNull().default(''),
    gebruikersWeergave: varchar('gebruikers_weergave', { length: 255 }).notNull().default(''),
    actie: varchar('actie', { length: 50 }).notNull(),
    actieWeergave: varchar('actie_weergave', { length: 200 }).notNull().default(''),
    resultaat: integer('resultaat').notNull(),
    hoofdObject: varchar('hoofd_object', { length: 1000 }).notNull(),
    hoofdObjectUuid: uuid('hoofd_object_uuid').notNull(),
    resource: varchar('resource', { length: 50 }).notNull(),
    resourceUrl: varchar('resource_url', { length: 1000 }).notNull(),
    resourceWeergave: varchar('resource_weergave', { length: 200 }).notNull(),
    toelichting: text('toelichting').notNull().default(''),
    aanmaakdatum: timestamp('aanmaakdatum', { withTimezone: true }).notNull().defaultNow(),
    oud: jsonb('oud'),
    nieuw: jsonb('nieuw'),
    informatieobjecttype: varchar('informatieobjecttype', { length: 1000 }).notNull().default(''),
    vertrouwelijkheidaanduiding: varchar('vertrouwelijkheidaanduiding', { length: 20 }).notNull().default(''),
  },
  (t) => [index('audit_trail_hoofd_object_idx').on(t.hoofdObjectUuid, t.id)],
);
