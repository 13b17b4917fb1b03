-- Issue 13: gebruiksrechten and verzendingen of a document (Documenten API, /gebruiksrechten and
-- /verzendingen). Both belong to the canonical document and go with it (ON DELETE cascade).
CREATE TABLE "gebruiksrechten" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"document_id" bigint NOT NULL,
	"startdatum" timestamp (6) with time zone NOT NULL,
	"einddatum" timestamp (6) with time zone,
	"omschrijving_voorwaarden" text NOT NULL,
	CONSTRAINT "gebruiksrechten_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "verzendingen" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"document_id" bigint NOT NULL,
	"betrokkene" varchar(200) NOT NULL,
	"aard_relatie" varchar(20) NOT NULL,
	"toelichting" varchar(200) DEFAULT '' NOT NULL,
	"ontvangstdatum" date,
	"verzenddatum" date,
	"contact_persoon" varchar(1000) NOT NULL,
	"contactpersoonnaam" varchar(40) DEFAULT '' NOT NULL,
	"binnenlands_correspondentieadres" jsonb,
	"buitenlands_correspondentieadres" jsonb,
	"correspondentie_postadres" jsonb,
	"faxnummer" varchar(15),
	"emailadres" varchar(100),
	"mijn_overheid" boolean DEFAULT false NOT NULL,
	"telefoonnummer" varchar(15),
	CONSTRAINT "verzendingen_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
ALTER TABLE "gebruiksrechten" ADD CONSTRAINT "gebruiksrechten_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verzendingen" ADD CONSTRAINT "verzendingen_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gebruiksrechten_document_idx" ON "gebruiksrechten" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "verzendingen_document_idx" ON "verzendingen" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "verzendingen_betrokkene_idx" ON "verzendingen" USING btree ("betrokkene");
