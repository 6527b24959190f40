-- mentions: named-entity mentions, each linked to its entity.
-- grain: one row per entity mention. key: (doc_id, mention_idx).
-- inputs: mentions parquet, documents (rows of the batch that holds each live document).
with

rows as (
    select * from {{ source('mentions') }}
),

live_documents as (
    select doc_id, batch_id from documents
),

final as (
    select rows.* exclude (batch_id)
    from rows
    inner join live_documents
        on live_documents.doc_id = rows.doc_id
        and live_documents.batch_id = rows.batch_id
)

select * from final
