-- Issue 11: sessions of the import web page (/beheer/imports); only a SHA-256 of the cookie token is kept.
CREATE TABLE "beheer_sessions" (
	"token_hash" varchar(64) PRIMARY KEY NOT NULL,
	"client_id" varchar(50) NOT NULL,
	"secret_hash" varchar(64) NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "beheer_sessions_expires_idx" ON "beheer_sessions" USING btree ("expires_at");