import type { Static } from '@sinclair/typebox';
import type { CatalogusRow } from './catalogus-repository.js';
import type { InformatieobjecttypeRow } from './informatieobjecttype-repository.js';
import type { Catalogus, Informatieobjecttype, Zaaktype } from './resource-schemas.js';
import type { Urls } from '../shared/urls.js';
import type { ZaaktypeRow } from './zaaktype-repository.js';

/** Rows → API resources with absolute URLs from PUBLIC_URL, in Open Zaak's key order. */
export function toCatalogus(urls: Urls, r: CatalogusRow): Static<typeof Catalogus> {
  return {
    url: urls.catalogi('catalogussen', r.uuid),
    domein: r.domein,
    rsin: r.rsin,
    contactpersoonBeheerNaam: r.contactpersoonBeheerNaam,
    contactpersoonBeheerTelefoonnummer: r.contactpersoonBeheerTelefoonnummer,
    contactpersoonBeheerEmailadres: r.contactpersoonBeheerEmailadres,
    zaaktypen: r.zaaktypen.map((u) => urls.catalogi('zaaktypen', u)),
    besluittypen: [],
    informatieobjecttypen: r.informatieobjecttypen.map((u) => urls.catalogi('informatieobjecttypen', u)),
    naam: r.naam,
    versie: r.versie,
    begindatumVersie: r.begindatumVersie,
  };
}

type OmschrijvingGeneriek = Static<typeof Informatieobjecttype>['omschrijvingGeneriek'];

export function toInformatieobjecttype(
  urls: Urls,
  r: InformatieobjecttypeRow,
): Static<typeof Informatieobjecttype> {
  return {
    url: urls.catalogi('informatieobjecttypen', r.uuid),
    catalogus: urls.catalogi('catalogussen', r.catalogusUuid),
    omschrijving: r.omschrijving,
    vertrouwelijkheidaanduiding: r.vertrouwelijkheidaanduiding,
    beginGeldigheid: r.beginGeldigheid,
    eindeGeldigheid: r.eindeGeldigheid,
    beginObject: r.beginGeldigheid,
    eindeObject: r.eindeGeldigheid,
    concept: r.concept,
    zaaktypen: r.zaaktypen.map((u) => urls.catalogi('zaaktypen', u)),
    besluittypen: [],
    informatieobjectcategorie: r.informatieobjectcategorie,
    trefwoord: r.trefwoord,
    omschrijvingGeneriek: (r.omschrijvingGeneriek as OmschrijvingGeneriek | null) ?? {
      informatieobjecttypeOmschrijvingGeneriek: '',
      definitieInformatieobjecttypeOmschrijvingGeneriek: '',
      herkomstInformatieobjecttypeOmschrijvingGeneriek: '',
      hierarchieInformatieobjecttypeOmschrijvingGeneriek: '',
      opmerkingInformatieobjecttypeOmschrijvingGeneriek: '',
    },
  };
}

export function toZaaktype(urls: Urls, r: ZaaktypeRow): Static<typeof Zaaktype> {
  const d = r.data;
  return {
    url: urls.catalogi('zaaktypen', r.uuid),
    identificatie: r.identificatie,
    omschrijving: r.omschrijving,
    omschrijvingGeneriek: d.omschrijvingGeneriek ?? '',
    vertrouwelijkheidaanduiding: r.vertrouwelijkheidaanduiding,
    doel: d.doel ?? '',
    aanleiding: d.aanleiding ?? '',
    toelichting: d.toelichting ?? '',
    indicatieInternOfExtern: d.indicatieInternOfExtern ?? '',
    handelingInitiator: d.handelingInitiator ?? '',
    onderwerp: d.onderwerp ?? '',
    handelingBehandelaar: d.handelingBehandelaar ?? '',
    doorlooptijd: d.doorlooptijd ?? '',
    servicenorm: d.servicenorm ?? null,
    opschortingEnAanhoudingMogelijk: d.opschortingEnAanhoudingMogelijk ?? false,
    verlengingMogelijk: d.verlengingMogelijk ?? false,
    verlengingstermijn: d.verlengingstermijn ?? null,
    trefwoorden: d.trefwoorden ?? [],
    publicatieIndicatie: d.publicatieIndicatie ?? false,
    publicatietekst: d.publicatietekst ?? '',
    verantwoordingsrelatie: d.verantwoordingsrelatie ?? [],
    productenOfDiensten: d.productenOfDiensten ?? [],
    selectielijstProcestype: d.selectielijstProcestype ?? '',
    referentieproces: { naam: d.referentieproces?.naam ?? '', link: d.referentieproces?.link ?? '' },
    verantwoordelijke: d.verantwoordelijke ?? '',
    catalogus: urls.catalogi('catalogussen', r.catalogusUuid),
    statustypen: [],
    resultaattypen: [],
    eigenschappen: [],
    informatieobjecttypen: r.informatieobjecttypen.map((u) => urls.catalogi('informatieobjecttypen', u)),
    roltypen: [],
    besluittypen: [],
    deelzaaktypen: [],
    gerelateerdeZaaktypen: [],
    beginGeldigheid: r.beginGeldigheid,
    eindeGeldigheid: r.eindeGeldigheid,
    beginObject: r.beginGeldigheid,
    eindeObject: r.eindeGeldigheid,
    versiedatum: r.versiedatum,
    concept: r.concept,
  };
}
