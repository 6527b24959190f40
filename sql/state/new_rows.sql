-- new_rows: the inputs state rows of the paths this run read, each with its bucket and when it was
-- first seen in this state (kept from the previous run when its document or reason is the same).
-- grain: one row per input. key: source.
-- inputs: delta (what the run read), changed (sources whose file changed while the run read it),
-- state (the previous inputs state), $now.
with

read_rows as (
    select
        delta.source,
        delta.path,
        delta.size,
        delta.mtime_ns,
        case when changed.source is null then delta.doc_id end as doc_id,
        coalesce(changed.reason, delta.reason) as reason,
        coalesce(changed.detail, delta.detail) as detail,
    from delta
    left join changed on changed.source = delta.source
),

final as (
    select
        read_rows.*,
        case
            when previous.source is not null
                and previous.doc_id is not distinct from read_rows.doc_id
                and previous.reason is not distinct from read_rows.reason
                then previous.seen_at
            else $now
        end as seen_at,
        substr(md5(read_rows.path), 1, $digits) as bucket,
    from read_rows
    left join state as previous on previous.source = read_rows.source
)

select * from final
