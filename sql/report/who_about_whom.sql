-- who_about_whom: which speaker talks about which entity: statements whose content names it.
-- grain: one row per speaker and entity, the top {{ links }}. inputs: statement_mentions.
select
    speaker_name,
    entity_name,
    count(distinct statement_id) as n_statements,
    sum(n_mentions) as n_mentions
from statement_mentions
where speaker_name is not null
group by speaker_name, entity_name
order by n_statements desc, n_mentions desc, speaker_name, entity_name
limit {{ links }}
