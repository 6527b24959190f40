-- live_rows: the rows of some segment files of one table that the views show: those of documents
-- without a tombstone. Compaction writes them into the merged segment.
-- grain: the table's. inputs: rows (the segments' files), tombstones.
select rows.*
from rows
anti join tombstones
    on tombstones.doc_id = rows.doc_id
    and tombstones.batch_id = rows.batch_id
