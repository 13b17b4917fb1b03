import { Type } from '@sinclair/typebox';

/**
 * TypeBox schemas of PUT /bestandsdelen/{uuid} (BestandsDeelRequest, BestandsDeelResponse in
 * the Documenten API 1.4/1.5 OpenAPI). The multipart body is read by multipart.ts, not validated
 * by AJV. Unlike the standard's schema `inhoud` is required (400 `inhoud/required` without it),
 * and the answer describes the part without an `inhoud` URL; properties in Open Zaak's order.
 */
const LOCK = 'Hash string, which represents id of the lock of related informatieobject';

export const BestandsDeelRequest = Type.Object({
  inhoud: Type.String({
    format: 'binary',
    description: 'De (binaire) bestandsinhoud van dit specifieke bestandsdeel.',
  }),
  lock: Type.String({ minLength: 1, description: LOCK }),
});

export const BestandsDeelResponse = Type.Object({
  url: Type.String({ format: 'uri', minLength: 1, maxLength: 1000 }),
  volgnummer: Type.Integer({ description: 'Een volgnummer dat de volgorde van de bestandsdelen aangeeft.' }),
  omvang: Type.Integer({ description: 'De grootte van dit specifieke bestandsdeel.' }),
  voltooid: Type.Boolean({
    description:
      'Indicatie of dit bestandsdeel volledig is geupload. Dat wil zeggen: het aantal bytes dat staat genoemd bij grootte is daadwerkelijk ontvangen.',
  }),
  lock: Type.String({ description: LOCK }),
});

export const PartParams = Type.Object({
  uuid: Type.String({ description: 'Unieke resource identifier (UUID4)' }),
});
