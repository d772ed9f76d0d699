CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"actor_role" text,
	"patient_id" text,
	"action" text NOT NULL,
	"resource" text NOT NULL,
	"outcome" text NOT NULL,
	"source_ip" text
);
--> statement-breakpoint
CREATE TABLE "care_teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"device_address" text NOT NULL,
	"patient_id" text NOT NULL,
	"from" timestamp with time zone NOT NULL,
	"to" timestamp with time zone,
	CONSTRAINT "device_assignments_interval_check" CHECK ("device_assignments"."to" is null or "device_assignments"."to" > "device_assignments"."from")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"address" text PRIMARY KEY NOT NULL,
	"gateway_id" text NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateways" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "gateways_status_check" CHECK ("gateways"."status" in ('active', 'revoked'))
);
--> statement-breakpoint
CREATE TABLE "patients" (
	"id" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"care_team_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "registry_state_single_row" CHECK ("registry_state"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "staff_care_teams" (
	"user_id" text NOT NULL,
	"care_team_id" text NOT NULL,
	CONSTRAINT "staff_care_teams_user_id_care_team_id_pk" PRIMARY KEY("user_id","care_team_id")
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_users_username_unique" UNIQUE("username"),
	CONSTRAINT "staff_users_role_check" CHECK ("staff_users"."role" in ('admin', 'nurse', 'clinician'))
);
--> statement-breakpoint
ALTER TABLE "device_assignments" ADD CONSTRAINT "device_assignments_device_address_devices_address_fk" FOREIGN KEY ("device_address") REFERENCES "public"."devices"("address") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_assignments" ADD CONSTRAINT "device_assignments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_care_team_id_care_teams_id_fk" FOREIGN KEY ("care_team_id") REFERENCES "public"."care_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_care_teams" ADD CONSTRAINT "staff_care_teams_user_id_staff_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_care_teams" ADD CONSTRAINT "staff_care_teams_care_team_id_care_teams_id_fk" FOREIGN KEY ("care_team_id") REFERENCES "public"."care_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_patient_idx" ON "audit_events" USING btree ("patient_id","at");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "device_assignments_device_idx" ON "device_assignments" USING btree ("device_address","from");--> statement-breakpoint
CREATE INDEX "patients_care_team_idx" ON "patients" USING btree ("care_team_id");