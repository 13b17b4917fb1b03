CREATE TABLE "import_dry_keys" (
	"import_id" bigint NOT NULL,
	"kind" varchar(1) NOT NULL,
	"key" text NOT NULL,
	CONSTRAINT "import_dry_keys_import_id_kind_key_pk" PRIMARY KEY("import_id","kind","key")
);
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "naam" varchar(200) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "dry_run" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "pause_after_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "paused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "pause_kind" varchar(10);--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "retry_at" timestamp (6) with time zone;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "fault_retries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "cancel_requested" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "csv_sha256" varchar(64);--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "duplicate_of" uuid;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "bytes_copied" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "rows_per_second" double precision;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "bytes_per_second" double precision;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "progress_at" timestamp (6) with time zone;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "stage_ms" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "import_dry_keys" ADD CONSTRAINT "import_dry_keys_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_csv_sha256_idx" ON "imports" USING btree ("csv_sha256");