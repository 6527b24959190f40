-- sources: every input that became a document.
-- grain: one row per input (a file, or path#line for a JSONL record). key: source.
-- inputs: sources parquet (rewritten by every run).
with

sources as (
    select * from {{ source('sources') }}
),

final as (
    select
        source,
        doc_id,
        seen_at,
    from sources
)

select * from final
