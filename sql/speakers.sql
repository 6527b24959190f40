-- speakers: who speaks, how often, in how many documents.
-- grain: one row per resolved speaker (an entity, or a name as written when there is no entity).
-- key: speaker_key. inputs: statements, documents parquet and tombstones parquet (publication dates).
with

all_statements as (
    select * from statements
),

-- Publication dates straight from the parsed documents (the documents view also works out each
-- document's first source, which this view does not need).
parsed as (
    select doc_id, batch_id, published from {{ source('documents') }}
),

dead as (
    select * from {{ source('tombstones') }}
),

live_documents as (
    select parsed.doc_id, parsed.published
    from parsed
    anti join dead
        on dead.doc_id = parsed.doc_id
        and dead.batch_id = parsed.batch_id
),

named as (
    select
        coalesce(all_statements.speaker_entity_id, 'name:' || lower(all_statements.speaker_name)) as speaker_key,
        all_statements.speaker_entity_id,
        all_statements.speaker_name,
        all_statements.doc_id,
        all_statements.kind,
        live_documents.published,
    from all_statements
    inner join live_documents on live_documents.doc_id = all_statements.doc_id
    where all_statements.speaker_name is not null
),

final as (
    select
        speaker_key,
        any_value(speaker_entity_id) as entity_id,
        arg_min(speaker_name, (-length(speaker_name), speaker_name)) as speaker_name,
        count(*) as n_statements,
        count(distinct doc_id) as n_documents,
        count(*) filter (where kind = 'direct') as n_direct,
        count(*) filter (where kind = 'indirect') as n_indirect,
        count(*) filter (where kind = 'mixed') as n_mixed,
        min(published) as first_published,
        max(published) as last_published,
    from named
    group by speaker_key
)

select * from final
