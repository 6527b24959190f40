-- over_time: statements per period of their document's publication date, by kind, every period shown.
-- grain: one row per {{ unit }} from the first to the last dated statement. inputs: statements, documents.
with dated as (
    select
        date_trunc('{{ unit }}', d.published) as period,
        s.kind,
        s.doc_id,
        s.speaker_name
    from statements as s
    inner join documents as d on d.doc_id = s.doc_id
    where d.published is not null
),

periods as (
    select unnest(generate_series(min(period), max(period), interval 1 {{ unit }})) as period
    from dated
)

select
    periods.period,
    count(dated.kind) as n_statements,
    count(dated.kind) filter (where dated.kind = 'direct') as n_direct,
    count(dated.kind) filter (where dated.kind = 'mixed') as n_mixed,
    count(dated.kind) filter (where dated.kind = 'indirect') as n_indirect,
    count(distinct dated.doc_id) as n_documents,
    count(distinct dated.speaker_name) as n_speakers
from periods
left join dated on dated.period = periods.period
group by periods.period
order by periods.period
