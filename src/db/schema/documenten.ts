import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { informatieobjecttypen } from './catalogi.js';
import { zaken } from './zaken.js';

/**
 * The canonical document (Open Zaak's EIO versioning): identity, lock and relations.
 * bronorganisatie + identificatie are the create-time values, unique together (Open Zaak's EnkelvoudigInformatieObject serializer),
 * enforced here so the API and the import cannot both win a race.
 */
export const documents = pgTable(
  'documents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    bronorganisatie: varchar('bronorganisatie', { length: 9 }).notNull(),
    identificatie: varchar('identificatie', { length: 40 }).notNull(),
    lock: varchar('lock', { length: 32 }).notNull().default(''),
    latestVersie: integer('latest_versie').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 6 }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('documents_bron_ident_uq').on(t.bronorganisatie, t.identificatie)],
);

/** One row per version; every PUT/PATCH adds one (Open Zaak's EIO versioning). */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: bigint('document_id', { mode: 'number' })
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    versie: integer('versie').notNull(),
    beginRegistratie: timestamp('begin_registratie', { withTimezone: true, precision: 6 })
      .notNull()
      .default(sql`now()`),
    identificatie: varchar('identificatie', { length: 40 }).notNull(),
    bronorganisatie: varchar('bronorganisatie', { length: 9 }).notNull(),
    creatiedatum: date('creatiedatum').notNull(),
    titel: varchar('titel', { length: 200 }).notNull(),
    vertrouwelijkheidaanduiding: varchar('vertrouwelijkheidaanduiding', { length: 20 }).notNull().default(''),
    /** rank of vertrouwelijkheidaanduiding (VertrouwelijkheidaanduidingEnum order), -1 for blank; used by autorisatie filters. */
    vertrouwelijkheidRank: smallint('vertrouwelijkheid_rank').notNull().default(-1),
    auteur: varchar('auteur', { length: 200 }).notNull(),
    status: varchar('status', { length: 20 }).notNull().default(''),
    formaat: varchar('formaat', { length: 255 }).notNull().default(''),
    taal: varchar('taal', { length: 3 }).notNull(),
    bestandsnaam: varchar('bestandsnaam', { length: 255 }).notNull().default(''),
    /** Storage key of this version's file; null when the version has no file. */
    blobKey: text('blob_key'),
    bestandsomvang: bigint('bestandsomvang', { mode: 'number' }),
    link: varchar('link', { length: 200 }).notNull().default(''),
    beschrijving: varchar('beschrijving', { length: 1000 }).notNull().default(''),
    ontvangstdatum: date('ontvangstdatum'),
    verzenddatum: date('verzenddatum'),
    indicatieGebruiksrecht: boolean('indicatie_gebruiksrecht'),
    verschijningsvorm: text('verschijningsvorm').notNull().default(''),
    ondertekeningSoort: varchar('ondertekening_soort', { length: 10 }).notNull().default(''),
    ondertekeningDatum: date('ondertekening_datum'),
    integriteitAlgoritme: varchar('integriteit_algoritme', { length: 20 }).notNull().default(''),
    integriteitWaarde: varchar('integriteit_waarde', { length: 128 }).notNull().default(''),
    integriteitDatum: date('integriteit_datum'),
    /** Exactly one of these two is set: a local informatieobjecttype, or an external URL. */
    informatieobjecttypeId: integer('informatieobjecttype_id').references(() => informatieobjecttypen.id, {
      onDelete: 'restrict',
    }),
    informatieobjecttypeUrl: varchar('informatieobjecttype_url', { length: 1000 }),
    trefwoorden: text('trefwoorden').array().notNull().default([]),
    /** Documenten API 1.5.0 (migration 0010). */
    inhoudIsVervallen: boolean('inhoud_is_vervallen'),
    /** True on the latest version of its document only; lists read `WHERE latest` (`enkelvoudiginformatieobject_list`). */
    latest: boolean('latest').notNull().default(true),
  },
  (t) => [
    uniqueIndex('document_versions_doc_versie_uq').on(t.documentId, t.versie),
    index('document_versions_iot_idx').on(t.informatieobjecttypeId),
    // Partial indexes over latest versions only: list, filters, ordering and counts at 1M rows.
    index('dv_latest_doc_idx').on(t.documentId).where(sql`latest`),
    index('dv_latest_iot_rank_idx')
      .on(t.informatieobjecttypeId, t.vertrouwelijkheidRank, t.documentId)
      .where(sql`latest`),
    index('dv_latest_iot_url_idx').on(t.informatieobjecttypeUrl, t.documentId).where(sql`latest`),
    index('dv_latest_identificatie_idx').on(t.identificatie).where(sql`latest`),
    index('dv_latest_bron_idx').on(t.bronorganisatie, t.documentId).where(sql`latest`),
    index('dv_latest_creatiedatum_idx').on(t.creatiedatum, t.documentId).where(sql`latest`),
    index('dv_latest_trefwoorden_idx').using('gin', t.trefwoorden).where(sql`latest`),
  ],
);

/** ObjectInformatieObject (Documenten API): a local zaak mirror (zaak_id) or a remote object URL. */
export const objectInformatieobjecten = pgTable(
  'object_informatieobjecten',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    documentId: bigint('document_id', { mode: 'number' })
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    objectType: varchar('object_type', { length: 10 }).notNull(),
    zaakId: integer('zaak_id').references(() => zaken.id, { onDelete: 'cascade' }),
    objectUrl: varchar('object_url', { length: 1000 }),
  },
  (t) => [
    index('oio_document_idx').on(t.documentId),
    index('oio_zaak_idx').on(t.zaakId),
    index('oio_object_url_idx').on(t.objectUrl),
    uniqueIndex('oio_document_zaak_uq').on(t.documentId, t.zaakId),
    uniqueIndex('oio_document_url_uq').on(t.documentId, t.objectUrl),
  ],
);

/**
 * BestandsDeel (the Documenten API bestandsdelen flow): one part of a large-file upload of the
 * document's latest version. All parts of a document are written in place into ONE file
 * (`blob_key`, the same for every part), at offset (volgnummer − 1) × the part size, so the
 * merge on unlock is a size check and no copy. `writer`/`writer_until` are the claim of the
 * request that is writing the part now (a lease, renewed while it writes): one writer per
 * part at a time, and a crashed writer's claim simply expires.
 */
export const bestandsdelen = pgTable(
  'bestandsdelen',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    documentId: bigint('document_id', { mode: 'number' })
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    volgnummer: integer('volgnummer').notNull(),
    /** Byte offset of this part in the upload file. */
    byteOffset: bigint('byte_offset', { mode: 'number' }).notNull(),
    omvang: bigint('omvang', { mode: 'number' }).notNull(),
    voltooid: boolean('voltooid').notNull().default(false),
    blobKey: text('blob_key').notNull(),
    writer: varchar('writer', { length: 32 }),
    writerUntil: timestamp('writer_until', { withTimezone: true, precision: 6 }),
    /** Plan creation or the last upload of this part: abandoned uploads are found by it. */
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 6 }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('bestandsdelen_doc_volgnummer_uq').on(t.documentId, t.volgnummer),
    index('bestandsdelen_updated_at_idx').on(t.updatedAt),
  ],
);
