-- versions: the pipeline versions that parsed the documents shown.
-- grain: one row per version. inputs: documents.
select distinct pipeline_version from documents order by pipeline_version
