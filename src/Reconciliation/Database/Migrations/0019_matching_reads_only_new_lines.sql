-- Matching at a million lines a night.
--
-- A run used to find its lines by an anti-join of every settlement line ever ingested against its outcome,
-- which grows with the history. It now takes the lines of settlement files it has not taken yet (recorded
-- here, in the run's transaction) plus the lines still unmatched. A processed file's lines are all committed
-- with its 'processed' status (one transaction, see FileIngestion), so a file taken is a file complete.
CREATE TABLE recon.matched_files (
    file_id     bigint PRIMARY KEY,
    matched_at  timestamptz NOT NULL
);

-- Files already decided line by line are taken; a file with an undecided line is left for the next run.
INSERT INTO recon.matched_files (file_id, matched_at)
SELECT f.file_id, coalesce(f.finished_at, f.claimed_at)
FROM intake.files f
WHERE f.status = 'processed' AND f.kind = 'settlement'
  AND NOT EXISTS (
      SELECT 1 FROM acquirer.settlement_lines l
      WHERE l.file_id = f.file_id
        AND NOT EXISTS (SELECT 1 FROM recon.line_outcomes o WHERE o.file_id = l.file_id AND o.line_number = l.line_number));

-- Outcomes are written only by the matcher, for lines it read in the same transaction, and deleted only with
-- their lines (retention): the per-row foreign-key trigger cost 5 s per million lines and guarded nothing.
ALTER TABLE recon.line_outcomes DROP CONSTRAINT line_outcomes_file_id_line_number_fkey;

-- Nothing looks outcomes up by outcome except the unmatched ones (decided again on every run); lookups of
-- settled legs use line_outcomes_one_settlement_per_leg. A btree over every outcome was paid on every insert.
DROP INDEX recon.line_outcomes_outcome;
CREATE INDEX line_outcomes_unmatched ON recon.line_outcomes (file_id, line_number) WHERE outcome = 'unmatched';

-- Six rows never reach autovacuum's analyze threshold; without statistics the planner guessed 880 rows and
-- an estimate 45 times too small for the join through it, then chose a million index probes of payments.
ANALYZE recon.record_type_legs;
