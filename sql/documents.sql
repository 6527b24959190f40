-- documents: one row per distinct text that an input currently holds.
-- grain: one row per document. key: doc_id.
-- inputs: documents parquet, tombstones parquet (parses no input holds any more, or parsed again
-- since: the run that made them dead lists them), sources (the first input holding each text).
with

parsed as (
    select * from {{ source('documents') }}
),

dead as (
    select * from {{ source('tombstones') }}
),

live_sources as (
    select * from sources
),

first_source as (
    select
        doc_id,
        min(source) as source,
    from live_sources
    group by doc_id
),

live as (
    select parsed.*
    from parsed
    anti join dead
        on dead.doc_id = parsed.doc_id
        and dead.batch_id = parsed.batch_id
),

final as (
    select
        live.doc_id,
        first_source.source,
        live.title,
        live.url,
        live.author,
        live.published,
        live.origin,
        live.language,
        live.text,
        live.n_chars,
        live.n_sentences,
        live.error,
        live.processed_at,
        live.pipeline_version,
        live.batch_id,
    from live
    inner join first_source on first_source.doc_id = live.doc_id
)

select * from final
