import { type Static, Type } from '@sinclair/typebox';
import { NullableDateTime } from './schemas.js';

/** ZaakInformatieObject (Zaken API 1.5). */
const fields = {
  zaak: Type.String({ minLength: 1, maxLength: 1000 }),
  informatieobject: Type.String({ minLength: 1, maxLength: 1000 }),
  titel: Type.String({ maxLength: 200 }),
  beschrijving: Type.String(),
  vernietigingsdatum: NullableDateTime,
  status: Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 1000 }),
};

export const ZioCreateBody = Type.Object({
  zaak: fields.zaak,
  informatieobject: fields.informatieobject,
  titel: Type.Optional(fields.titel),
  beschrijving: Type.Optional(fields.beschrijving),
  vernietigingsdatum: Type.Optional(fields.vernietigingsdatum),
  status: Type.Optional(fields.status),
});
export type ZioCreateBody = Static<typeof ZioCreateBody>;

export const ZioPatchBody = Type.Partial(ZioCreateBody);
export type ZioPatchBody = Static<typeof ZioPatchBody>;

/** The ZIO as answered (every key always sent, so required; serialises and documents it). */
export const Zio = Type.Object({
  url: Type.String({ format: 'uri' }),
  uuid: Type.String({ format: 'uuid' }),
  informatieobject: Type.String({ format: 'uri' }),
  zaak: Type.String({ format: 'uri' }),
  aardRelatieWeergave: Type.Unsafe<string>({
    type: 'string',
    enum: ['Hoort bij, omgekeerd: kent', 'Legt vast, omgekeerd: kan vastgelegd zijn als'],
  }),
  titel: Type.String(),
  beschrijving: Type.String(),
  registratiedatum: Type.String({ format: 'date-time' }),
  vernietigingsdatum: NullableDateTime,
  status: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uri' }),
});
export type Zio = Static<typeof Zio>;

export const ZioListQuery = Type.Object({
  zaak: Type.Optional(Type.String()),
  informatieobject: Type.Optional(Type.String()),
});
export type ZioListQuery = Static<typeof ZioListQuery>;
