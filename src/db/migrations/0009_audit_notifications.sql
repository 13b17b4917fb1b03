-- Issue 13 #3–#4: the audit trail (Documenten API AuditTrail) and the notification outbox.
CREATE TABLE "audit_trail" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"bron" varchar(50) NOT NULL,
	"applicatie_id" varchar(100) DEFAULT '' NOT NULL,
	"applicatie_weergave" varchar(200) DEFAULT '' NOT NULL,
	"gebruikers_id" varchar(255) DEFAULT '' NOT NULL,
	"gebruikers_weergave" varchar(255) DEFAULT '' NOT NULL,
	"actie" varchar(50) NOT NULL,
	"actie_weergave" varchar(200) DEFAULT '' NOT NULL,
	"resultaat" integer NOT NULL,
	"hoofd_object" varchar(1000) NOT NULL,
	"hoofd_object_uuid" uuid NOT NULL,
	"resource" varchar(50) NOT NULL,
	"resource_url" varchar(1000) NOT NULL,
	"resource_weergave" varchar(200) NOT NULL,
	"toelichting" text DEFAULT '' NOT NULL,
	"aanmaakdatum" timestamp with time zone DEFAULT now() NOT NULL,
	"oud" jsonb,
	"nieuw" jsonb,
	"informatieobjecttype" varchar(1000) DEFAULT '' NOT NULL,
	"vertrouwelijkheidaanduiding" varchar(20) DEFAULT '' NOT NULL,
	CONSTRAINT "audit_trail_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE INDEX "audit_trail_hoofd_object_idx" ON "audit_trail" USING btree ("hoofd_object_uuid","id");
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kanaal" varchar(50) NOT NULL,
	"message" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "notification_outbox_due_idx" ON "notification_outbox" USING btree ("next_attempt_at","id") WHERE "notification_outbox"."delivered_at" is null;
--> statement-breakpoint
CREATE INDEX "notification_outbox_delivered_idx" ON "notification_outbox" USING btree ("delivered_at") WHERE "notification_outbox"."delivered_at" is not null;
