-- live: the parses the views show: every parsed document without a tombstone.
-- grain: one row per live parse. key: doc_id.
-- inputs: parsed (doc_id, batch_id, pipeline_version of every parsed document), tombstones.
select parsed.*
from parsed
anti join tombstones
    on tombstones.doc_id = parsed.doc_id
    and tombstones.batch_id = parsed.batch_id
