import type { ZaakRow } from './repository.js';
import type { Zaak } from './schemas.js';
import type { Urls } from '../shared/urls.js';

/** Zaak row → Zaken API 1.5 representation, in Open Zaak's key order. */
const BETALINGSINDICATIE_WEERGAVE: Record<string, string> = {
  nvt: 'Er is geen sprake van te betalen, met de zaak gemoeide, kosten.',
  nog_niet: 'De met de zaak gemoeide kosten zijn (nog) niet betaald.',
  gedeeltelijk: 'De met de zaak gemoeide kosten zijn gedeeltelijk betaald.',
  geheel: 'De met de zaak gemoeide kosten zijn betaald.',
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const orNull = <T>(v: unknown): T | null => (v === undefined ? null : (v as T | null));
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export function toZaak(urls: Urls, r: ZaakRow): Zaak {
  const d = r.data;
  const betalingsindicatie = str(d.betalingsindicatie);
  return {
    url: urls.zaak(r.uuid),
    uuid: r.uuid,
    identificatie: r.identificatie,
    bronorganisatie: r.bronorganisatie,
    omschrijving: r.omschrijving,
    toelichting: r.toelichting,
    zaaktype: urls.catalogi('zaaktypen', r.zaaktype_uuid),
    registratiedatum: r.registratiedatum,
    verantwoordelijkeOrganisatie: r.verantwoordelijke_organisatie,
    startdatum: r.startdatum,
    einddatum: r.einddatum,
    einddatumGepland: orNull(d.einddatumGepland),
    uiterlijkeEinddatumAfdoening: orNull(d.uiterlijkeEinddatumAfdoening),
    publicatiedatum: orNull(d.publicatiedatum),
    communicatiekanaal: str(d.communicatiekanaal),
    communicatiekanaalNaam: str(d.communicatiekanaalNaam),
    productenOfDiensten: list(d.productenOfDiensten),
    vertrouwelijkheidaanduiding: r.vertrouwelijkheidaanduiding as Zaak['vertrouwelijkheidaanduiding'],
    betalingsindicatie: betalingsindicatie as Zaak['betalingsindicatie'],
    betalingsindicatieWeergave: BETALINGSINDICATIE_WEERGAVE[betalingsindicatie] ?? '',
    laatsteBetaaldatum: orNull(d.laatsteBetaaldatum),
    zaakgeometrie: null,
    verlenging: (d.verlenging as Zaak['verlenging'] | undefined) ?? { reden: '', duur: null },
    opschorting: (d.opschorting as Zaak['opschorting'] | undefined) ?? { indicatie: false, reden: '' },
    selectielijstklasse: str(d.selectielijstklasse),
    hoofdzaak: null,
    deelzaken: [],
    relevanteAndereZaken: [],
    eigenschappen: [],
    rollen: [],
    status: null,
    zaakinformatieobjecten: r.zio_uuids.map((u) => urls.zio(u)),
    zaakobjecten: [],
    kenmerken: list(d.kenmerken),
    archiefnominatie: str(d.archiefnominatie) as Zaak['archiefnominatie'],
    archiefstatus: r.archiefstatus as Zaak['archiefstatus'],
    archiefactiedatum: orNull(d.archiefactiedatum),
    resultaat: null,
    opdrachtgevendeOrganisatie: str(d.opdrachtgevendeOrganisatie),
    processobjectaard: str(d.processobjectaard),
    startdatumBewaartermijn: orNull(d.startdatumBewaartermijn),
    processobject: null,
  };
}
