-- stale: the files whose documents were parsed by another pipeline version: read and parse again.
-- grain: one row per path. key: path.
-- inputs: state (the inputs state), live (the parses the views show), $version.
with

outdated as (
    select doc_id
    from live
    where pipeline_version <> $version
),

final as (
    select distinct state.path
    from state
    semi join outdated on outdated.doc_id = state.doc_id
)

select * from final
