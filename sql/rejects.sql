-- rejects: every input that was not turned into a document, with why.
-- grain: one row per rejected input. key: source.
-- inputs: rejects parquet (rewritten by every run).
with

rejects as (
    select * from {{ source('rejects') }}
),

final as (
    select
        source,
        reason,
        detail,
        seen_at,
    from rejects
)

select * from final
