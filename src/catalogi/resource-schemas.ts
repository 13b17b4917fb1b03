import { Type } from '@sinclair/typebox';
import { VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';
import { nullable, paginated } from '../http/openapi.js';

/**
 * The Catalogi resources as this server answers with them (mapper.ts), as TypeBox schemas
 * that serialise every response and document it (Catalogi API 1.3.1 field names and
 * types). Every key is always sent, so every key is required (the serializer writes
 * required keys first; this keeps Open Zaak's key order). Fields the standard types as a
 * URL but that are "" when unset carry no `format`.
 */
const Uri = Type.String({ format: 'uri' });
const Uris = Type.Array(Uri);
const DateStr = Type.String({ format: 'date' });
const NullableDate = nullable(DateStr);
const Vertrouwelijkheid = Type.Unsafe<string>({ type: 'string', enum: [...VERTROUWELIJKHEIDAANDUIDINGEN] });
const Duration = Type.String({ format: 'duration' });

export const Catalogus = Type.Object({
  url: Uri,
  domein: Type.String(),
  rsin: Type.String(),
  contactpersoonBeheerNaam: Type.String(),
  contactpersoonBeheerTelefoonnummer: Type.String(),
  contactpersoonBeheerEmailadres: Type.String({ description: 'e-mailadres, of "" als het niet bekend is' }),
  zaaktypen: Uris,
  besluittypen: Uris,
  informatieobjecttypen: Uris,
  naam: Type.String(),
  versie: Type.String(),
  begindatumVersie: NullableDate,
});
export const CatalogusPage = paginated(Catalogus);

export const Informatieobjecttype = Type.Object({
  url: Uri,
  catalogus: Uri,
  omschrijving: Type.String(),
  vertrouwelijkheidaanduiding: Vertrouwelijkheid,
  beginGeldigheid: DateStr,
  eindeGeldigheid: NullableDate,
  beginObject: NullableDate,
  eindeObject: NullableDate,
  concept: Type.Boolean(),
  zaaktypen: Uris,
  besluittypen: Uris,
  informatieobjectcategorie: Type.String(),
  trefwoord: Type.Array(Type.String()),
  omschrijvingGeneriek: Type.Object({
    informatieobjecttypeOmschrijvingGeneriek: Type.String(),
    definitieInformatieobjecttypeOmschrijvingGeneriek: Type.String(),
    herkomstInformatieobjecttypeOmschrijvingGeneriek: Type.String(),
    hierarchieInformatieobjecttypeOmschrijvingGeneriek: Type.String(),
    opmerkingInformatieobjecttypeOmschrijvingGeneriek: Type.Optional(nullable(Type.String())),
  }),
});
export const InformatieobjecttypePage = paginated(Informatieobjecttype);

export const Zaaktype = Type.Object({
  url: Uri,
  identificatie: Type.String(),
  omschrijving: Type.String(),
  omschrijvingGeneriek: Type.String(),
  vertrouwelijkheidaanduiding: Vertrouwelijkheid,
  doel: Type.String(),
  aanleiding: Type.String(),
  toelichting: Type.String(),
  indicatieInternOfExtern: Type.Unsafe<string>({ type: 'string', enum: ['intern', 'extern'] }),
  handelingInitiator: Type.String(),
  onderwerp: Type.String(),
  handelingBehandelaar: Type.String(),
  doorlooptijd: Duration,
  servicenorm: nullable(Duration),
  opschortingEnAanhoudingMogelijk: Type.Boolean(),
  verlengingMogelijk: Type.Boolean(),
  verlengingstermijn: nullable(Duration),
  trefwoorden: Type.Array(Type.String()),
  publicatieIndicatie: Type.Boolean(),
  publicatietekst: Type.String(),
  verantwoordingsrelatie: Type.Array(Type.String()),
  productenOfDiensten: Uris,
  selectielijstProcestype: Type.String({ description: 'URL, of "" als er geen is' }),
  referentieproces: Type.Object({
    naam: Type.String(),
    link: Type.String({ description: 'URL, of "" als er geen is' }),
  }),
  verantwoordelijke: Type.String(),
  catalogus: Uri,
  statustypen: Uris,
  resultaattypen: Uris,
  eigenschappen: Uris,
  informatieobjecttypen: Uris,
  roltypen: Uris,
  besluittypen: Uris,
  deelzaaktypen: Uris,
  gerelateerdeZaaktypen: Type.Array(
    Type.Object({
      zaaktype: Uri,
      aardRelatie: Type.Unsafe<string>({ type: 'string', enum: ['vervolg', 'bijdrage', 'onderwerp'] }),
      toelichting: Type.String(),
    }),
  ),
  beginGeldigheid: DateStr,
  eindeGeldigheid: NullableDate,
  beginObject: NullableDate,
  eindeObject: NullableDate,
  versiedatum: DateStr,
  concept: Type.Boolean(),
});
export const ZaaktypePage = paginated(Zaaktype);
