-- stale: the files whose documents were parsed by another pipeline version: read and parse again.
-- grain: one row per path. key: path.
-- inputs: state (the inputs state), parsed (doc_id, batch_id, pipeline_version of every parsed
-- document), tombstones, $version.
with

live as (
    select parsed.doc_id
    from parsed
    anti join tombstones
        on tombstones.doc_id = parsed.doc_id
        and tombstones.batch_id = parsed.batch_id
    where parsed.pipeline_version <> $version
),

final as (
    select distinct state.path
    from state
    semi join live on live.doc_id = state.doc_id
)

select * from final
