import { type TSchema, Type } from '@sinclair/typebox';
import { nullable, paginated } from '../http/openapi.js';
import { eioProperties, INTEGRITEIT_ALGORITMEN, ONDERTEKENING_SOORTEN, plainFieldSchema } from './fields.js';

/**
 * The resources the Documenten API answers with, as TypeBox schemas that serialise every
 * response and document it. Every key is always sent, so every key is `required` (the
 * serializer writes required keys first: an optional one would move to the end and break
 * Open Zaak's key order, mapper.ts).
 */
const enumOf = (values: readonly string[]) => Type.Unsafe<string>({ type: 'string', enum: [...values] });
const Uri = Type.String({ format: 'uri' });
const DateStr = Type.String({ format: 'date' });

export const BestandsDeel = Type.Object({
  url: Uri,
  volgnummer: Type.Integer(),
  omvang: Type.Integer(),
  voltooid: Type.Boolean(),
  lock: Type.String({ description: 'De lock van het document; leeg voor wie de lock niet heeft.' }),
});

/**
 * A plain field as answered: its type and choices, not the request's limits. A URL has no
 * `format` here: "" when not set is no URI (the standard says uri).
 */
const resourceText = () => Type.String();

/** Every key of an EIO response (Documenten API schema EnkelvoudigInformatieObject). */
const eioFields = eioProperties<TSchema>((f) => plainFieldSchema(f, resourceText), {
  url: Uri,
  versie: Type.Integer(),
  beginRegistratie: Type.String({ format: 'date-time' }),
  inhoud: nullable(Type.String({ format: 'uri', description: 'Download-URL van deze versie.' })),
  bestandsomvang: nullable(Type.Integer({ format: 'int64' })),
  ondertekening: nullable(Type.Object({ soort: enumOf(ONDERTEKENING_SOORTEN), datum: DateStr })),
  integriteit: nullable(
    Type.Object({ algoritme: enumOf(INTEGRITEIT_ALGORITMEN), waarde: Type.String(), datum: DateStr }),
  ),
  informatieobjecttype: Uri,
  locked: Type.Boolean(),
  bestandsdelen: Type.Array(BestandsDeel),
  trefwoorden: nullable(Type.Array(Type.String())),
});

/** `?expand=informatieobjecttype`: the Catalogi representation (local) or what is known of it. */
const Expand = Type.Object(
  {
    informatieobjecttype: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'Het INFORMATIEOBJECTTYPE.' }),
    ),
  },
  { description: 'Alleen met ?expand=informatieobjecttype: het INFORMATIEOBJECTTYPE.' },
);

/** PUT/PATCH answer (EnkelvoudigInformatieObjectWithLock). */
export const Eio = Type.Object(eioFields);

/** POST answer: with the `lock` (Open Zaak; "" unless the file comes in bestandsdelen). */
export const EioCreated = Type.Object({
  ...eioFields,
  lock: Type.String({ description: 'De lock; "" tenzij het bestand in bestandsdelen komt.' }),
});

/** Retrieve, list and _zoek answers: with `_expand` when `expand` is asked. */
export const EioExpanded = Type.Object({ ...eioFields, _expand: Type.Optional(Expand) });
export const EioPage = paginated(EioExpanded);

export const Lock = Type.Object({ lock: Type.String({ description: 'Hash string, de ID van de lock' }) });

const oioFields = {
  url: Uri,
  informatieobject: Uri,
  object: Uri,
  objectType: enumOf(['besluit', 'zaak', 'verzoek']),
};
export const Oio = Type.Object(oioFields);

/** List and retrieve: `_expand` only with `?expand=` (oio-expand.ts). */
const OioExpand = Type.Object(
  {
    informatieobject: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'Het INFORMATIEOBJECT.' }),
    ),
    object: Type.Optional(
      Type.Object(
        {},
        { additionalProperties: true, description: 'De ZAAK (alleen een zaak van deze server).' },
      ),
    ),
  },
  { description: 'Alleen met ?expand=: de gevraagde gerelateerde resources.' },
);
export const OioExpanded = Type.Object({ ...oioFields, _expand: Type.Optional(OioExpand) });
export const OioList = Type.Array(OioExpanded);
