import { type Static, Type } from '@sinclair/typebox';
import { COMPONENTS, VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';
import { paginated } from '../http/openapi.js';

/** TypeBox schemas of the Autorisaties API 1.0 `applicaties` resource. */
const enumOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });
const TypeUrl = Type.String({ format: 'uri', maxLength: 1000 });

export const AutorisatieBody = Type.Object({
  component: enumOf(COMPONENTS),
  scopes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 }),
  zaaktype: Type.Optional(TypeUrl),
  informatieobjecttype: Type.Optional(TypeUrl),
  besluittype: Type.Optional(TypeUrl),
  maxVertrouwelijkheidaanduiding: Type.Optional(enumOf(['', ...VERTROUWELIJKHEIDAANDUIDINGEN])),
});
export type AutorisatieInput = Static<typeof AutorisatieBody>;

const applicatieFields = {
  clientIds: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 100 }),
  label: Type.String({ minLength: 1, maxLength: 100 }),
  heeftAlleAutorisaties: Type.Optional(Type.Boolean()),
  autorisaties: Type.Optional(Type.Array(AutorisatieBody, { maxItems: 10_000 })),
};
export const ApplicatieBody = Type.Object(applicatieFields);
export const ApplicatiePatch = Type.Partial(Type.Object(applicatieFields));
export type ApplicatieInput = Static<typeof ApplicatieBody>;

export const ApplicatieListQuery = Type.Object({
  clientIds: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
});
export const ConsumerQuery = Type.Object({ clientId: Type.String({ minLength: 1 }) });

/**
 * The applicatie as answered (mapper.ts), serialising and documenting every response. An
 * autorisatie shows the fields of its component only, so those are optional.
 */
export const Autorisatie = Type.Object({
  component: enumOf(COMPONENTS),
  componentWeergave: Type.String(),
  scopes: Type.Array(Type.String()),
  zaaktype: Type.Optional(TypeUrl),
  informatieobjecttype: Type.Optional(TypeUrl),
  besluittype: Type.Optional(TypeUrl),
  maxVertrouwelijkheidaanduiding: Type.Optional(enumOf(['', ...VERTROUWELIJKHEIDAANDUIDINGEN])),
});
export const Applicatie = Type.Object({
  url: Type.String({ format: 'uri' }),
  clientIds: Type.Array(Type.String()),
  label: Type.String(),
  heeftAlleAutorisaties: Type.Boolean(),
  autorisaties: Type.Array(Autorisatie),
});
export const ApplicatiePage = paginated(Applicatie);
export const PathUuid = Type.Object({ uuid: Type.String() });
