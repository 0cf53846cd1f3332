-- Scheduled work (Quartz). Each run of a job is one row, unique per job and scheduled fire time: the row is
-- taken before the work starts, so a fire time runs once even where Quartz's own cluster guard has gaps, and it
-- is the run history (outcome, summary, duration, which instance). Quartz keeps its job store in schema
-- "quartz"; it creates its tables there itself at start (schema provisioning), safe with several instances.

CREATE SCHEMA IF NOT EXISTS schedules;
CREATE SCHEMA IF NOT EXISTS quartz;

CREATE TABLE schedules.job_runs (
    run_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job            text NOT NULL,
    scheduled_for  timestamptz NOT NULL,
    instance       text NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    outcome        text NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed')),
    summary        text,
    UNIQUE (job, scheduled_for),
    CHECK ((outcome = 'running') = (finished_at IS NULL))
);

CREATE INDEX job_runs_recent ON schedules.job_runs (job, started_at DESC);
