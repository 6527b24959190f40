-- dead: the parses this run takes out of the views: documents no input holds any more, and
-- earlier parses of the documents it parsed again.
-- grain: one row per (doc_id, batch_id). key: (doc_id, batch_id).
-- inputs: before (previous rows of the touched paths), holders (the doc_id of the inputs after
-- the run that hold one of before's documents), live (the parses the views show), reparsed
-- (doc_ids parsed or shown again now).
with

orphaned as (
    select distinct before.doc_id
    from before
    where before.doc_id is not null
        and before.doc_id not in (select doc_id from holders where doc_id is not null)
),

final as (
    select live.doc_id, live.batch_id,
    from live
    where live.doc_id in (select doc_id from orphaned)
        or live.doc_id in (select doc_id from reparsed)
)

select * from final
