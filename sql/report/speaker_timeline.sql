-- speaker_timeline: statements per {{ unit }} of their document's publication date for the most
-- quoted speakers, every {{ unit }} from the first to the last shown.
-- grain: one row per {{ unit }} and speaker among the top {{ speakers }}. inputs: statements, documents.
with

dated as (
    select
        date_trunc('{{ unit }}', documents.published) as week,
        coalesce(statements.speaker_entity_id, 'name:' || lower(statements.speaker_name)) as speaker_key,
        statements.speaker_name,
    from statements
    inner join documents on documents.doc_id = statements.doc_id
    where documents.published is not null
        and statements.speaker_name is not null
),

top_speakers as (
    select
        speaker_key,
        arg_min(speaker_name, (-length(speaker_name), speaker_name)) as speaker_name,
        count(*) as n,
    from dated
    group by speaker_key
    order by n desc, speaker_name
    limit {{ speakers }}
),

weeks as (
    select unnest(generate_series(min(week), max(week), interval 1 {{ unit }})) as week
    from dated
    semi join top_speakers using (speaker_key)
),

final as (
    select
        weeks.week,
        top_speakers.speaker_name,
        count(dated.speaker_key) as n_statements,
        top_speakers.n as n_total,
    from weeks
    cross join top_speakers
    left join dated
        on dated.week = weeks.week
        and dated.speaker_key = top_speakers.speaker_key
    group by weeks.week, top_speakers.speaker_name, top_speakers.n
)

select * from final
order by week, n_total desc, speaker_name
