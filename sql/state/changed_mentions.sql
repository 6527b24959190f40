-- changed_mentions: the mentions of the documents a run adds (sign 1) or takes out of the views
-- (sign -1), read once for both the row counts and the entity index.
-- grain: one row per mention of a changed document.
-- inputs: mentions (the segments that hold the changed documents), changes (doc_id, batch_id, sign).
select
    mentions.entity_id,
    mentions.label,
    mentions.entity_name,
    mentions.text,
    mentions.doc_id,
    changes.sign,
from mentions
inner join changes
    on changes.doc_id = mentions.doc_id
    and changes.batch_id = mentions.batch_id
