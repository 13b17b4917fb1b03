ALTER TABLE "document_versions" ADD COLUMN "latest" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "dv_latest_doc_idx" ON "document_versions" USING btree ("document_id") WHERE latest;--> statement-breakpoint
CREATE INDEX "dv_latest_iot_rank_idx" ON "document_versions" USING btree ("informatieobjecttype_id","vertrouwelijkheid_rank","document_id") WHERE latest;--> statement-breakpoint
CREATE INDEX "dv_latest_iot_url_idx" ON "document_versions" USING btree ("informatieobjecttype_url","document_id") WHERE latest;--> statement-breakpoint
CREATE INDEX "dv_latest_identificatie_idx" ON "document_versions" USING btree ("identificatie") WHERE latest;--> statement-breakpoint
CREATE INDEX "dv_latest_bron_idx" ON "document_versions" USING btree ("bronorganisatie","document_id") WHERE latest;--> statement-breakpoint
CREATE INDEX "dv_latest_creatiedatum_idx" ON "document_versions" USING btree ("creatiedatum","document_id") WHERE latest;--> statement-breakpoint
CREATE INDEX "dv_latest_trefwoorden_idx" ON "document_versions" USING gin ("trefwoorden") WHERE latest;--> statement-breakpoint
CREATE INDEX "oio_object_url_idx" ON "object_informatieobjecten" USING btree ("object_url");