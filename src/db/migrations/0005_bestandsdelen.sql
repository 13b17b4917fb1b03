-- Bestandsdelen (documenten-api.md §1.6.3): the parts of a large-file upload, written in place
-- into one file per upload (blob_key), with a per-part writer lease.
CREATE TABLE "bestandsdelen" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"document_id" bigint NOT NULL,
	"volgnummer" integer NOT NULL,
	"byte_offset" bigint NOT NULL,
	"omvang" bigint NOT NULL,
	"voltooid" boolean DEFAULT false NOT NULL,
	"blob_key" text NOT NULL,
	"writer" varchar(32),
	"writer_until" timestamp (6) with time zone,
	"updated_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bestandsdelen_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
ALTER TABLE "bestandsdelen" ADD CONSTRAINT "bestandsdelen_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bestandsdelen_doc_volgnummer_uq" ON "bestandsdelen" USING btree ("document_id","volgnummer");--> statement-breakpoint
CREATE INDEX "bestandsdelen_updated_at_idx" ON "bestandsdelen" USING btree ("updated_at");