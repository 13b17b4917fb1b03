-- Issue 10 #11: the PUBLIC_URL of the API that created an import (the engine resolves local
-- informatieobjecttype URLs against it). Issue 10 #12: monotonic import totals for /metrics.
CREATE TABLE "import_metric_totals" (
	"name" varchar(60) PRIMARY KEY NOT NULL,
	"value" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "public_url" text;
--> statement-breakpoint
-- What a deleted import (DELETE, retention) had counted stays counted: /metrics adds these to
-- the sums over the imports table, so its counters never go down.
CREATE FUNCTION "imports_metric_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "import_metric_totals" AS t ("name", "value")
	SELECT d.name, d.value FROM (
		SELECT v.name, v.value FROM (VALUES
			(CASE WHEN OLD.dry_run THEN 'deleted:dry_rows_valid' ELSE 'deleted:rows_imported' END,
				OLD.processed_successfully::float8),
			(CASE WHEN OLD.dry_run THEN 'deleted:dry_rows_failed' ELSE 'deleted:rows_failed' END,
				OLD.processed_invalid::float8),
			('deleted:bytes_copied', CASE WHEN OLD.dry_run THEN 0 ELSE OLD.bytes_copied::float8 END)
		) AS v(name, value)
		UNION ALL
		SELECT 'deleted:stage_ms:' || e.key, (e.value #>> '{}')::float8
		  FROM jsonb_each(OLD.stage_ms) e
		 WHERE jsonb_typeof(e.value) = 'number' AND e.key ~ '^[a-z]{1,20}$'
	) AS d
	WHERE d.value <> 0
	ON CONFLICT ("name") DO UPDATE SET "value" = t."value" + excluded."value";
	RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "imports_metric_tally" AFTER DELETE ON "imports"
	FOR EACH ROW EXECUTE FUNCTION "imports_metric_tally"();
