-- top_speakers: the most quoted speakers of some statements, as a run's artifact shows them (the
-- speakers view's measures, worked out only for the speakers that can be among the top: those
-- with at least as many statements as the one at place $limit).
-- grain: one row per speaker, the top $limit. inputs: chosen_statements (the statements view, or
-- the statements of some documents).
with

keyed as (
    select
        coalesce(speaker_entity_id, 'name:' || lower(speaker_name)) as speaker_key,
        speaker_name,
        doc_id,
        kind,
    from chosen_statements
    where speaker_name is not null
),

counts as (
    select
        speaker_key,
        count(*) as n,
    from keyed
    group by speaker_key
),

threshold as (
    select min(n) as n from (select n from counts order by n desc limit $limit)
),

top_keys as (
    select speaker_key from counts where n >= (select n from threshold)
),

candidates as (
    select keyed.*
    from keyed
    semi join top_keys on top_keys.speaker_key = keyed.speaker_key
),

final as (
    select
        arg_min(speaker_name, (-length(speaker_name), speaker_name)) as speaker_name,
        count(*) as n_statements,
        count(distinct doc_id) as n_documents,
        count(*) filter (where kind = 'direct') as n_direct,
        count(*) filter (where kind = 'mixed') as n_mixed,
        count(*) filter (where kind = 'indirect') as n_indirect,
    from candidates
    group by speaker_key
)

select * from final
order by n_statements desc, n_documents desc, speaker_name
limit $limit
