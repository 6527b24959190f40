-- sources: every input that became a document.
-- grain: one row per input (a file, or path#line for a JSONL record). key: source.
-- inputs: inputs parquet (the state of the inputs, one file per bucket of paths).
with

inputs as (
    select * from {{ source('inputs') }}
),

final as (
    select
        source,
        doc_id,
        seen_at,
    from inputs
    where doc_id is not null
)

select * from final
