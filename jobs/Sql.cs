namespace HappyHorse.Generated.Jobs;

/// <summary>The jobs table: the money rules' memory (a caller key unique, the intent, the handle, the next check time).</summary>
internal static class Sql
{
    public static string Create(string schema) => $"""
        SELECT pg_advisory_xact_lock(7205613421);
        CREATE SCHEMA IF NOT EXISTS {schema};
        CREATE TABLE IF NOT EXISTS {schema}.generation_jobs (
            id bigserial PRIMARY KEY,
            caller_key text UNIQUE,
            batch text,
            name text NOT NULL,
            label text NOT NULL,
            profile text NOT NULL,
            model text NOT NULL,
            operation text NOT NULL,
            body text NOT NULL,
            fingerprint text NOT NULL,
            output_directory text,
            state text NOT NULL,
            hangfire_id text,
            created_at timestamptz NOT NULL DEFAULT now(),
            intent_at timestamptz,
            handle text,
            submitted_at timestamptz,
            next_check_at timestamptz,
            checks integer NOT NULL DEFAULT 0,
            raw_status text,
            progress double precision,
            queue_position integer,
            files text,
            message text,
            request_id text,
            cancel_requested boolean NOT NULL DEFAULT false,
            handled boolean NOT NULL DEFAULT true,
            finished_at timestamptz);
        CREATE INDEX IF NOT EXISTS generation_jobs_due ON {schema}.generation_jobs (next_check_at) WHERE next_check_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS generation_jobs_batch ON {schema}.generation_jobs (batch) WHERE batch IS NOT NULL;
        """;

    public const string Columns = "id, caller_key, name, profile, model, operation, state, fingerprint, handle, raw_status, progress, queue_position, files, message, request_id, intent_at, checks, label, output_directory, hangfire_id, body, cancel_requested, handled";
}
