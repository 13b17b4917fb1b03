CREATE TABLE "applicatie_clients" (
	"client_id" varchar(50) PRIMARY KEY NOT NULL,
	"applicatie_id" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applicaties" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"label" varchar(100) DEFAULT '' NOT NULL,
	"heeft_alle_autorisaties" boolean DEFAULT false NOT NULL,
	CONSTRAINT "applicaties_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "autorisaties" (
	"id" serial PRIMARY KEY NOT NULL,
	"applicatie_id" integer NOT NULL,
	"component" varchar(10) NOT NULL,
	"scopes" text[] DEFAULT '{}' NOT NULL,
	"zaaktype" varchar(1000) DEFAULT '' NOT NULL,
	"informatieobjecttype" varchar(1000) DEFAULT '' NOT NULL,
	"besluittype" varchar(1000) DEFAULT '' NOT NULL,
	"max_vertrouwelijkheidaanduiding" varchar(20) DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jwt_secrets" (
	"client_id" varchar(50) PRIMARY KEY NOT NULL,
	"secret" varchar(255) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogussen" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"naam" varchar(200) DEFAULT '' NOT NULL,
	"domein" varchar(5) NOT NULL,
	"rsin" varchar(9) NOT NULL,
	"contactpersoon_beheer_naam" varchar(40) NOT NULL,
	"contactpersoon_beheer_telefoonnummer" varchar(20) DEFAULT '' NOT NULL,
	"contactpersoon_beheer_emailadres" varchar(254) DEFAULT '' NOT NULL,
	"versie" varchar(20) DEFAULT '' NOT NULL,
	"begindatum_versie" date,
	CONSTRAINT "catalogussen_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "informatieobjecttypen" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"catalogus_id" integer NOT NULL,
	"omschrijving" varchar(80) NOT NULL,
	"vertrouwelijkheidaanduiding" varchar(20) NOT NULL,
	"begin_geldigheid" date NOT NULL,
	"einde_geldigheid" date,
	"concept" boolean DEFAULT true NOT NULL,
	"informatieobjectcategorie" varchar(80) NOT NULL,
	"trefwoord" text[] DEFAULT '{}' NOT NULL,
	"omschrijving_generiek" jsonb,
	CONSTRAINT "informatieobjecttypen_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "zaaktype_informatieobjecttypen" (
	"zaaktype_id" integer NOT NULL,
	"informatieobjecttype_id" integer NOT NULL,
	CONSTRAINT "zaaktype_informatieobjecttypen_zaaktype_id_informatieobjecttype_id_pk" PRIMARY KEY("zaaktype_id","informatieobjecttype_id")
);
--> statement-breakpoint
CREATE TABLE "zaaktypen" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"catalogus_id" integer NOT NULL,
	"identificatie" varchar(50) NOT NULL,
	"omschrijving" varchar(80) NOT NULL,
	"vertrouwelijkheidaanduiding" varchar(20) NOT NULL,
	"concept" boolean DEFAULT true NOT NULL,
	"begin_geldigheid" date NOT NULL,
	"einde_geldigheid" date,
	"versiedatum" date NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "zaaktypen_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "document_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" bigint NOT NULL,
	"versie" integer NOT NULL,
	"begin_registratie" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"identificatie" varchar(40) NOT NULL,
	"bronorganisatie" varchar(9) NOT NULL,
	"creatiedatum" date NOT NULL,
	"titel" varchar(200) NOT NULL,
	"vertrouwelijkheidaanduiding" varchar(20) DEFAULT '' NOT NULL,
	"vertrouwelijkheid_rank" smallint DEFAULT -1 NOT NULL,
	"auteur" varchar(200) NOT NULL,
	"status" varchar(20) DEFAULT '' NOT NULL,
	"formaat" varchar(255) DEFAULT '' NOT NULL,
	"taal" varchar(3) NOT NULL,
	"bestandsnaam" varchar(255) DEFAULT '' NOT NULL,
	"blob_key" text,
	"bestandsomvang" bigint,
	"link" varchar(200) DEFAULT '' NOT NULL,
	"beschrijving" varchar(1000) DEFAULT '' NOT NULL,
	"ontvangstdatum" date,
	"verzenddatum" date,
	"indicatie_gebruiksrecht" boolean,
	"verschijningsvorm" text DEFAULT '' NOT NULL,
	"ondertekening_soort" varchar(10) DEFAULT '' NOT NULL,
	"ondertekening_datum" date,
	"integriteit_algoritme" varchar(20) DEFAULT '' NOT NULL,
	"integriteit_waarde" varchar(128) DEFAULT '' NOT NULL,
	"integriteit_datum" date,
	"informatieobjecttype_id" integer,
	"informatieobjecttype_url" varchar(1000),
	"trefwoorden" text[] DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"bronorganisatie" varchar(9) NOT NULL,
	"identificatie" varchar(40) NOT NULL,
	"lock" varchar(32) DEFAULT '' NOT NULL,
	"latest_versie" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "object_informatieobjecten" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"document_id" bigint NOT NULL,
	"object_type" varchar(10) NOT NULL,
	"zaak_id" integer,
	"object_url" varchar(1000),
	CONSTRAINT "object_informatieobjecten_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"import_id" bigint NOT NULL,
	"row_index" bigint NOT NULL,
	"succeeded" boolean NOT NULL,
	"uuid" varchar(100),
	"identificatie" varchar(100),
	"opmerking" text DEFAULT '' NOT NULL,
	"blob_key" text,
	CONSTRAINT "import_rows_import_id_row_index_pk" PRIMARY KEY("import_id","row_index")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"import_type" varchar(30) DEFAULT 'documenten' NOT NULL,
	"status" varchar(10) DEFAULT 'pending' NOT NULL,
	"created_on" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"started_on" timestamp (6) with time zone,
	"finished_on" timestamp (6) with time zone,
	"total" bigint DEFAULT 0 NOT NULL,
	"processed" bigint DEFAULT 0 NOT NULL,
	"processed_successfully" bigint DEFAULT 0 NOT NULL,
	"processed_invalid" bigint DEFAULT 0 NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"csv_key" text,
	"csv_options" jsonb,
	"next_record" bigint DEFAULT 2 NOT NULL,
	"next_offset" bigint DEFAULT 0 NOT NULL,
	"lease_owner" varchar(100),
	"lease_expires_at" timestamp (6) with time zone,
	"lease_token" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "imports_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "identificatie_counters" (
	"prefix" varchar(40) PRIMARY KEY NOT NULL,
	"last" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zaakinformatieobjecten" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"zaak_id" integer NOT NULL,
	"document_id" bigint NOT NULL,
	"aard_relatie" varchar(20) DEFAULT 'hoort_bij' NOT NULL,
	"titel" varchar(200) DEFAULT '' NOT NULL,
	"beschrijving" text DEFAULT '' NOT NULL,
	"registratiedatum" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"vernietigingsdatum" timestamp (6) with time zone,
	"status" varchar(1000),
	CONSTRAINT "zaakinformatieobjecten_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "zaken" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"identificatie" varchar(40) NOT NULL,
	"bronorganisatie" varchar(9) NOT NULL,
	"verantwoordelijke_organisatie" varchar(9) NOT NULL,
	"zaaktype_id" integer NOT NULL,
	"omschrijving" varchar(80) DEFAULT '' NOT NULL,
	"toelichting" text DEFAULT '' NOT NULL,
	"registratiedatum" date NOT NULL,
	"startdatum" date NOT NULL,
	"einddatum" date,
	"vertrouwelijkheidaanduiding" varchar(20) NOT NULL,
	"archiefstatus" varchar(40) DEFAULT 'nog_te_archiveren' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "zaken_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
ALTER TABLE "applicatie_clients" ADD CONSTRAINT "applicatie_clients_applicatie_id_applicaties_id_fk" FOREIGN KEY ("applicatie_id") REFERENCES "public"."applicaties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autorisaties" ADD CONSTRAINT "autorisaties_applicatie_id_applicaties_id_fk" FOREIGN KEY ("applicatie_id") REFERENCES "public"."applicaties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "informatieobjecttypen" ADD CONSTRAINT "informatieobjecttypen_catalogus_id_catalogussen_id_fk" FOREIGN KEY ("catalogus_id") REFERENCES "public"."catalogussen"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zaaktype_informatieobjecttypen" ADD CONSTRAINT "zaaktype_informatieobjecttypen_zaaktype_id_zaaktypen_id_fk" FOREIGN KEY ("zaaktype_id") REFERENCES "public"."zaaktypen"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zaaktype_informatieobjecttypen" ADD CONSTRAINT "zaaktype_informatieobjecttypen_informatieobjecttype_id_informatieobjecttypen_id_fk" FOREIGN KEY ("informatieobjecttype_id") REFERENCES "public"."informatieobjecttypen"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zaaktypen" ADD CONSTRAINT "zaaktypen_catalogus_id_catalogussen_id_fk" FOREIGN KEY ("catalogus_id") REFERENCES "public"."catalogussen"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_informatieobjecttype_id_informatieobjecttypen_id_fk" FOREIGN KEY ("informatieobjecttype_id") REFERENCES "public"."informatieobjecttypen"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_informatieobjecten" ADD CONSTRAINT "object_informatieobjecten_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_informatieobjecten" ADD CONSTRAINT "object_informatieobjecten_zaak_id_zaken_id_fk" FOREIGN KEY ("zaak_id") REFERENCES "public"."zaken"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zaakinformatieobjecten" ADD CONSTRAINT "zaakinformatieobjecten_zaak_id_zaken_id_fk" FOREIGN KEY ("zaak_id") REFERENCES "public"."zaken"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zaakinformatieobjecten" ADD CONSTRAINT "zaakinformatieobjecten_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zaken" ADD CONSTRAINT "zaken_zaaktype_id_zaaktypen_id_fk" FOREIGN KEY ("zaaktype_id") REFERENCES "public"."zaaktypen"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_versions_doc_versie_uq" ON "document_versions" USING btree ("document_id","versie");--> statement-breakpoint
CREATE INDEX "document_versions_iot_idx" ON "document_versions" USING btree ("informatieobjecttype_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_bron_ident_uq" ON "documents" USING btree ("bronorganisatie","identificatie");--> statement-breakpoint
CREATE INDEX "oio_document_idx" ON "object_informatieobjecten" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "oio_zaak_idx" ON "object_informatieobjecten" USING btree ("zaak_id");--> statement-breakpoint
CREATE UNIQUE INDEX "oio_document_zaak_uq" ON "object_informatieobjecten" USING btree ("document_id","zaak_id");--> statement-breakpoint
CREATE UNIQUE INDEX "oio_document_url_uq" ON "object_informatieobjecten" USING btree ("document_id","object_url");--> statement-breakpoint
CREATE UNIQUE INDEX "imports_one_started_uq" ON "imports" USING btree ("import_type") WHERE status in ('pending', 'active');--> statement-breakpoint
CREATE INDEX "imports_status_idx" ON "imports" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "zio_zaak_document_uq" ON "zaakinformatieobjecten" USING btree ("zaak_id","document_id");--> statement-breakpoint
CREATE INDEX "zio_document_idx" ON "zaakinformatieobjecten" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "zaken_bronorganisatie_identificatie_uq" ON "zaken" USING btree ("bronorganisatie","identificatie");--> statement-breakpoint
CREATE INDEX "zaken_zaaktype_idx" ON "zaken" USING btree ("zaaktype_id");