-- plan: what a run does with each input path, decided without reading any file.
-- grain: one row per path that is new, changed, gone or a changed reject (unchanged paths are
-- left out). key: path.
-- inputs: listing (every path the run discovered: size and modification time, or why it is
-- rejected without being read), state (the inputs state), stale (paths whose documents another
-- pipeline version parsed), $full (read every file again). A run plans a bucket at a time.
with

discovered as (
    select distinct on (path) path, size, mtime_ns, reason, detail,
    from listing
),

previous as (
    select
        path,
        any_value(size) as size,
        any_value(mtime_ns) as mtime_ns,
        any_value(reason) as reason,
        any_value(detail) as detail,
    from state
    group by path
),

compared as (
    select
        coalesce(discovered.path, previous.path) as path,
        discovered.size,
        discovered.mtime_ns,
        discovered.reason,
        discovered.detail,
        case
            when discovered.path is null then 'removed'
            -- rejected without being read (unsupported, not found, ...): state has no size for it
            when discovered.reason is not null then
                case
                    when previous.path is not null
                        and previous.size is null
                        and previous.reason = discovered.reason
                        and previous.detail is not distinct from discovered.detail
                        then 'unchanged'
                    else 'reject'
                end
            when previous.path is null then 'new'
            when previous.size = discovered.size and previous.mtime_ns = discovered.mtime_ns
                then case when $full or discovered.path in (select path from stale) then 'read' else 'unchanged' end
            else 'changed'
        end as action,
    from discovered
    full outer join previous on previous.path = discovered.path
),

final as (
    select *
    from compared
)

select * from final
