-- row_counts: how many rows of one batch table the documents a run adds or takes out hold.
-- grain: one row. inputs: rows (the segments that hold the changed documents), changes (doc_id,
-- batch_id, sign).
select coalesce(sum(changes.sign), 0)::bigint as n
from rows
inner join changes
    on changes.doc_id = rows.doc_id
    and changes.batch_id = rows.batch_id
