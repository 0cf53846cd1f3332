-- Where each delivery went once it was finished (archive or quarantine) and when. A finished record whose file was
-- not moved yet is a delivery still on its way out of the inbox: another instance that sees the file there must
-- leave it to its owner (or finish the move when the owner died), not record it as a second delivery.
ALTER TABLE intake.files ADD COLUMN moved_to text, ADD COLUMN moved_at timestamptz;

-- Records written before this column existed were moved by the code of that time.
UPDATE intake.files SET moved_at = coalesce(finished_at, claimed_at) WHERE status <> 'processing';

CREATE INDEX files_not_moved ON intake.files (sha256) WHERE moved_at IS NULL AND status <> 'processing';
