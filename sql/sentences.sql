-- sentences: the sentences of each document, with their paragraph and character span.
-- grain: one row per sentence. key: (doc_id, sentence_idx).
-- inputs: sentences parquet, documents (rows of the batch that holds each live document).
with

rows as (
    select * from {{ source('sentences') }}
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
