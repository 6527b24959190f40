-- pending: what becomes of each document the run read: already shown, shown again (its rows are
-- still in a segment, under a tombstone), or to be parsed.
-- grain: one row per document the run read. key: doc_id.
-- inputs: delta (the rows the run read, in order), live (the parses the views show), parsed
-- (doc_id, batch_id, pipeline_version of every parsed document), tombstones, $version.
with

read_documents as (
    select
        doc_id,
        min(position) as position,
    from delta
    where doc_id is not null
    group by doc_id
),

candidates as (
    select parsed.*
    from parsed
    semi join read_documents on read_documents.doc_id = parsed.doc_id
    where parsed.pipeline_version = $version
),

shown as (
    select distinct live.doc_id
    from live
    semi join read_documents on read_documents.doc_id = live.doc_id
    where live.pipeline_version = $version
),

buried as (
    select
        candidates.doc_id,
        max(candidates.batch_id) as batch_id,
    from candidates
    semi join tombstones
        on tombstones.doc_id = candidates.doc_id
        and tombstones.batch_id = candidates.batch_id
    group by candidates.doc_id
),

final as (
    select
        read_documents.doc_id,
        read_documents.position,
        buried.batch_id as buried_batch_id,
        case
            when shown.doc_id is not null then 'shown'
            when buried.doc_id is not null then 'revive'
            else 'parse'
        end as action,
    from read_documents
    left join shown on shown.doc_id = read_documents.doc_id
    left join buried on buried.doc_id = read_documents.doc_id
)

select * from final
