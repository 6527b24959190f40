-- source_counts: how the inputs the run touched changed: sources new, changed (another text),
-- removed, and rejects before and after.
-- grain: one row. inputs: before (previous rows of the touched paths), new_rows.
with

sources_before as (
    select source, doc_id from before where doc_id is not null
),

sources_after as (
    select source, doc_id from new_rows where doc_id is not null
),

compared as (
    select
        sources_before.doc_id as doc_before,
        sources_after.doc_id as doc_after,
    from sources_before
    full outer join sources_after on sources_after.source = sources_before.source
),

final as (
    select
        count(*) filter (where doc_before is null) as new,
        count(*) filter (where doc_before is not null and doc_after is not null and doc_before <> doc_after) as changed,
        count(*) filter (where doc_after is null) as removed,
        (select count(*) from before where reason is not null) as rejects_before,
        (select count(*) from new_rows where reason is not null) as rejects_after,
    from compared
)

select * from final
