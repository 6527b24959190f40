-- statements: attributed speech, who said what (to whom), with spans of speaker, cue and content.
-- grain: one row per attributed statement. key: statement_id.
-- inputs: statements parquet, documents (rows of the batch that holds each live document).
with

rows as (
    select * from {{ source('statements') }}
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
