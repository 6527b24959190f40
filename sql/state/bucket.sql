-- bucket: one bucket of the inputs state after the run: the previous rows of paths the run did not
-- touch, and the new rows of those it read.
-- grain: one row per input. key: source.
-- inputs: old_bucket (the bucket's previous file), touched (paths read or gone), new_rows, $bucket.
with

kept as (
    select old_bucket.*
    from old_bucket
    anti join touched on touched.path = old_bucket.path
),

final as (
    select source, path, size, mtime_ns, doc_id, reason, detail, seen_at,
    from kept
    union all
    select source, path, size, mtime_ns, doc_id, reason, detail, seen_at,
    from new_rows
    where bucket = $bucket
)

select * from final
order by source
