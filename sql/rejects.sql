-- rejects: every input that was not turned into a document, with why.
-- grain: one row per rejected input. key: source.
-- inputs: inputs parquet (the state of the inputs, one file per bucket of paths).
with

inputs as (
    select * from {{ source('inputs') }}
),

final as (
    select
        source,
        reason,
        detail,
        seen_at,
    from inputs
    where reason is not null
)

select * from final
