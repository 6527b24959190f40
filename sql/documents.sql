-- documents: one row per distinct text that an input currently holds.
-- grain: one row per document. key: doc_id.
-- inputs: documents parquet, sources (only documents some input still holds are shown; when a
-- text was parsed more than once, the latest parse wins).
with

parsed as (
    select * from {{ source('documents') }}
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

latest as (
    select parsed.*
    from parsed
    where parsed.doc_id in (select doc_id from first_source)
    qualify row_number() over (partition by parsed.doc_id order by parsed.processed_at desc, parsed.batch_id desc) = 1
),

final as (
    select
        latest.doc_id,
        first_source.source,
        latest.title,
        latest.url,
        latest.author,
        latest.published,
        latest.origin,
        latest.language,
        latest.text,
        latest.n_chars,
        latest.n_sentences,
        latest.error,
        latest.processed_at,
        latest.pipeline_version,
        latest.batch_id,
    from latest
    inner join first_source on first_source.doc_id = latest.doc_id
)

select * from final
