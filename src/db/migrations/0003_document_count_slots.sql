-- Exact document count for the unfiltered EIO list (documenten-api.md §1.6.1 `count`) without
-- scanning a million index entries per request: a sharded counter (16 slots, chosen by backend
-- pid so concurrent writers rarely wait on the same row), kept by statement-level triggers.
CREATE TABLE "document_count_slots" ("slot" smallint PRIMARY KEY, "n" bigint NOT NULL DEFAULT 0);
--> statement-breakpoint
INSERT INTO "document_count_slots" ("slot", "n") SELECT s, 0 FROM generate_series(0, 15) s;
--> statement-breakpoint
UPDATE "document_count_slots" SET "n" = (SELECT count(*) FROM "documents") WHERE "slot" = 0;
--> statement-breakpoint
CREATE FUNCTION document_count_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE document_count_slots SET n = n + (SELECT count(*) FROM new_rows) WHERE slot = pg_backend_pid() % 16;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION document_count_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE document_count_slots SET n = n - (SELECT count(*) FROM old_rows) WHERE slot = pg_backend_pid() % 16;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER documents_count_ins AFTER INSERT ON "documents" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION document_count_ins();
--> statement-breakpoint
CREATE TRIGGER documents_count_del AFTER DELETE ON "documents" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION document_count_del();
