-- unmerged_tombstones: the tombstones compaction keeps: those of batches it did not merge (the rows
-- of merged batches that had one are gone from the merged segment).
-- grain: one row per (doc_id, batch_id). inputs: tombstones, merged_batches.
select tombstones.*
from tombstones
anti join merged_batches on merged_batches.batch_id = tombstones.batch_id
order by all
