-- sentences: the sentences of each document, with their paragraph and character span.
-- grain: one row per sentence. key: (doc_id, sentence_idx).
-- inputs: sentences parquet, tombstones parquet (rows of documents no input holds any more).
with

rows as (
    select * from {{ source('sentences') }}
),

dead as (
    select * from {{ source('tombstones') }}
),

final as (
    select rows.* exclude (batch_id)
    from rows
    anti join dead
        on dead.doc_id = rows.doc_id
        and dead.batch_id = rows.batch_id
)

select * from final
