-- Documenten API 1.5.0: EnkelvoudigInformatieObject.inhoudIsVervallen (nullable boolean, per version).
ALTER TABLE "document_versions" ADD COLUMN "inhoud_is_vervallen" boolean;
