import type { DifferenceKind } from './compare.js';

/**
 * THE list of differences between the served OpenAPI documents and the VNG standards that
 * this project keeps on purpose, each with its reason. The conformance test
 * (conformance.test.ts) fails on any difference not listed here, and on any entry here
 * that no longer matches a difference: the list is always exactly the truth.
 *
 * An entry matches a difference of its component when the operationId is listed (or
 * matches the pattern), the kind is listed, and — where given — the name (parameter key
 * `query:x` / `header:x` / `path:0`, dotted property path, status code or header name),
 * the status code of the response, and the detail match.
 */
export type Component = 'documenten' | 'catalogi' | 'zaken' | 'autorisaties';

export interface AllowedDifference {
  component: Component | '*';
  operations: readonly string[] | RegExp;
  kinds: readonly DifferenceKind[];
  names?: readonly string[] | RegExp;
  statuses?: readonly string[];
  detail?: RegExp;
  reason: string;
}

const ANY = /.*/;
/** The HEAD operations of the standards (`*_headers`). */
const HEAD = /_headers$/;

export const ALLOWED: readonly AllowedDifference[] = [
  // ---------------------------------------------------------------------------------
  // Every component
  {
    component: '*',
    operations: ANY,
    kinds: ['response-property-differs'],
    detail: /^required false ≠ true$/,
    reason:
      'Every key of a response is always sent, so the response schemas mark every key required (the ' +
      'serializer also writes required keys first, so this keeps Open Zaak’s key order). A client ' +
      'generated from the standard, which has these as optional, reads them all the same.',
  },
  {
    component: '*',
    operations: ANY,
    kinds: ['response-property-differs'],
    names: ['invalidParams'],
    statuses: ['400'],
    detail: /^required true ≠ false$/,
    reason:
      'A 400 parse_error (malformed JSON) has no invalidParams, as in Open Zaak (ZGW `Fout`/`ValidatieFout` responses); ' +
      'ValidatieFout.invalidParams is therefore optional here.',
  },
  {
    component: '*',
    operations: ANY,
    kinds: ['parameter-differs'],
    names: ['path:0'],
    detail: /^format uuid ≠ -$/,
    reason:
      'A path segment that is no uuid names no resource and is a 404, as Open Zaak’s URL patterns do, ' +
      'not a 400: the parameter is a plain string for the validator (the handlers check the uuid).',
  },
  {
    component: '*',
    operations: ANY,
    kinds: ['status-extra'],
    names: ['413'],
    reason:
      'A JSON body larger than API_MAX_BODY_BYTES is refused with 413 request_entity_too_large (README, ' +
      'Configuration); the standards do not list it.',
  },
  {
    component: '*',
    operations: ANY,
    kinds: ['status-extra'],
    names: ['503'],
    reason:
      'An overloaded or unreachable database is a 503 with Retry-After on any operation (every request ' +
      'reads its credentials), never a 500; the standards do not list it.',
  },
  {
    component: '*',
    operations: /_(retrieve|read|consumer|download|headers)$/,
    kinds: ['status-extra'],
    names: ['400'],
    reason:
      'Unknown query parameters are a 400 unknown-parameters on every GET (ZGW API conventions, as Open Zaak), and ' +
      'invalid values of the declared ones a 400 too; the standards list 400 on lists only.',
  },
  {
    component: '*',
    operations: /_(retrieve|headers)$/,
    kinds: ['status-extra'],
    names: ['304'],
    reason:
      'If-None-Match with the current ETag is answered with 304 Not Modified, as the standards’ own ' +
      'If-None-Match description says; they do not list the status.',
  },
  {
    component: '*',
    operations: HEAD,
    kinds: ['status-extra', 'parameter-extra', 'security'],
    reason:
      'Fastify answers HEAD by running the GET: same query parameters, same scope (Open Zaak checks the ' +
      'GET’s permission on HEAD too) and the same error statuses, where the standards document HEAD ' +
      'with only a 200 and no security.',
  },
  {
    component: '*',
    operations: /_(destroy|delete)$/,
    kinds: ['response-header-extra'],
    names: ['api-version'],
    statuses: ['204'],
    reason: 'The API-version header is on every response of the component, a 204 included.',
  },

  // ---------------------------------------------------------------------------------
  // Documenten API 1.5.0
  {
    component: 'documenten',
    operations: /^verzending_/,
    kinds: ['security'],
    reason:
      'The standard gives the verzending operations no scopes; they take Open Zaak’s (documenten.lezen, ' +
      '-aanmaken, -bijwerken, -verwijderen), checked on the linked document as for gebruiksrechten.',
  },
  {
    component: 'documenten',
    operations: ['audittrail_list'],
    kinds: ['status-extra'],
    names: ['400', '404'],
    reason:
      'Unknown query parameters are a 400 on every GET; an unknown document (one that neither exists nor ' +
      'has records) is a 404, as Open Zaak’s AuditTrailViewSet answers (README, Audit trail).',
  },
  {
    component: 'documenten',
    operations: ['audittrail_list', 'audittrail_retrieve'],
    kinds: ['response-property-differs'],
    names: ['wijzigingen.oud', 'wijzigingen.nieuw', '[].wijzigingen.oud', '[].wijzigingen.nieuw'],
    detail: /^nullable false ≠ true$/,
    reason:
      'wijzigingen.oud is null for a create and wijzigingen.nieuw null for a destroy, as vng_api_common ' +
      'serialises them (the standard types them as objects only).',
  },
  {
    component: 'documenten',
    operations: ['audittrail_retrieve'],
    kinds: ['parameter-differs'],
    names: ['path:1'],
    detail: /^format uuid ≠ -$/,
    reason:
      'The record’s uuid is a plain string for the validator, as every path uuid here: one that is no uuid ' +
      'names no record and is a 404.',
  },
  {
    component: 'documenten',
    operations: /^enkelvoudiginformatieobject_import_/,
    kinds: ['operation-extra'],
    reason:
      'The bulk import under /import (Open Zaak’s import endpoints, README "Bulk import of documents"); ' +
      'the standard has no import.',
  },
  {
    component: 'documenten',
    operations: ['enkelvoudiginformatieobject_list'],
    kinds: ['parameter-extra'],
    names: [
      'query:informatieobjecttype',
      'query:vertrouwelijkheidaanduiding',
      'query:locked',
      'query:titel',
      'query:auteur',
      'query:beschrijving',
      'query:creatiedatum__gte',
      'query:creatiedatum__lte',
      'query:trefwoorden__overlap',
      'query:objectinformatieobjecten__object',
      'query:objectinformatieobjecten__objectType',
      'query:ordering',
      'query:pageSize',
    ],
    reason: 'Open Zaak’s filters, ordering and page size on the list (README, Documenten API table).',
  },
  {
    component: 'documenten',
    operations: ['enkelvoudiginformatieobject__zoek'],
    kinds: ['parameter-extra', 'request-property-extra'],
    names: ['query:expand', 'query:pageSize', 'identificatie', 'bronorganisatie'],
    reason:
      'Open Zaak’s _zoek also filters on identificatie and bronorganisatie and takes ?expand and ?pageSize.',
  },
  {
    component: 'documenten',
    operations: ['enkelvoudiginformatieobject_retrieve', 'enkelvoudiginformatieobject_download'],
    kinds: ['parameter-differs'],
    names: ['query:registratieOp'],
    detail: /^format - ≠ date-time$/,
    reason:
      'registratieOp is validated as a date-time (400 otherwise); the standard types it as a plain string.',
  },
  {
    component: 'documenten',
    operations: /^enkelvoudiginformatieobject_/,
    kinds: ['response-property-differs'],
    names: /^(results\[\]\.)?link$/,
    detail: /^format uri ≠ -$/,
    reason:
      'link is "" when not set, which is no URI (as Open Zaak sends it): no uri format on the response.',
  },
  {
    component: 'documenten',
    operations: [
      'enkelvoudiginformatieobject_list',
      'enkelvoudiginformatieobject_retrieve',
      'enkelvoudiginformatieobject_headers',
      'enkelvoudiginformatieobject__zoek',
      'objectinformatieobject_list',
      'objectinformatieobject_retrieve',
      'objectinformatieobject_headers',
      'gebruiksrechten_list',
      'gebruiksrechten_retrieve',
      'gebruiksrechten_headers',
      'verzending_list',
      'verzending_retrieve',
      'verzending_headers',
    ],
    kinds: ['response-property-extra'],
    names: ['_expand', 'results[]._expand', '[]._expand'],
    reason:
      'With ?expand= the answer carries _expand with the asked resources (Documenten API 1.5 expand ' +
      'parameter: "Haal details van gelinkte resources direct op"); the standard has no schema for it.',
  },
  {
    component: 'documenten',
    operations: ['enkelvoudiginformatieobject_create'],
    kinds: ['response-property-extra'],
    names: ['lock'],
    reason:
      'Open Zaak’s create answer has the lock ("" unless the file comes in bestandsdelen); this server does the same.',
  },
  {
    component: 'documenten',
    operations: [
      'enkelvoudiginformatieobject_create',
      'enkelvoudiginformatieobject_update',
      'enkelvoudiginformatieobject_partial_update',
    ],
    kinds: ['request-property-differs'],
    names: ['trefwoorden'],
    detail: /^nullable true ≠ false$/,
    reason:
      'trefwoorden: null is refused (code null); leave it out for an empty list (Documenten API schema EnkelvoudigInformatieObject).',
  },
  {
    component: 'documenten',
    operations: [
      'enkelvoudiginformatieobject_create',
      'enkelvoudiginformatieobject_update',
      'enkelvoudiginformatieobject_partial_update',
    ],
    kinds: ['status-extra'],
    names: ['507'],
    reason: 'A full storage is a 507 insufficient-storage, and nothing is kept (README, API documentation).',
  },
  {
    component: 'documenten',
    operations: ['enkelvoudiginformatieobject_download'],
    kinds: ['status-extra'],
    names: ['204'],
    reason: 'A version without a file answers 204, as Open Zaak does.',
  },
  {
    component: 'documenten',
    operations: ['enkelvoudiginformatieobject_download'],
    kinds: ['response-header-missing', 'response-header-extra'],
    names: ['api-version', 'content-disposition'],
    statuses: ['200'],
    reason:
      'The file is sent without API-version (as Open Zaak) and with a Content-Disposition file name from ' +
      'bestandsnaam (README, Documenten API table).',
  },
  {
    component: 'documenten',
    operations: ['enkelvoudiginformatieobject_lock', 'enkelvoudiginformatieobject_unlock'],
    kinds: ['response-header-extra'],
    names: ['api-version'],
    reason: 'The API-version header is on every response, also on the errors of lock and unlock.',
  },
  {
    component: 'documenten',
    operations: ['enkelvoudiginformatieobject_lock', 'enkelvoudiginformatieobject_unlock'],
    kinds: ['response-property-extra'],
    names: ['invalidParams'],
    statuses: ['400'],
    reason:
      'A 400 of lock/unlock (existing-lock, incorrect-lock-id) has invalidParams like every 400 (ValidatieFout).',
  },
  {
    component: 'documenten',
    operations: ['bestandsdeel_update'],
    kinds: ['request-body'],
    reason:
      'A bestandsdeel is uploaded as multipart/form-data only (a file part does not fit a form-urlencoded body).',
  },
  {
    component: 'documenten',
    operations: ['bestandsdeel_update'],
    kinds: ['request-property-differs', 'response-property-missing'],
    names: ['inhoud'],
    reason:
      'inhoud is required (400 inhoud/required without it) and is not sent back: the answer describes the part ' +
      '(the standard lists inhoud as optional in both).',
  },
  {
    component: 'documenten',
    operations: ['objectinformatieobject_list'],
    kinds: ['parameter-differs'],
    names: ['query:object', 'query:informatieobject'],
    detail: /^format uri ≠ -$/,
    reason:
      'Any string filters; one that is no URL of a known object matches nothing (an empty list), no 400.',
  },

  // ---------------------------------------------------------------------------------
  // Catalogi API 1.3.1 (subset)
  {
    component: 'catalogi',
    operations:
      /^(besluittype|eigenschap|resultaattype|roltype|statustype|zaakobjecttype|zaakinformatieobjecttype)_/,
    kinds: ['operation-missing'],
    reason:
      'Not in this subset: besluittypen, eigenschappen, resultaattypen, roltypen, statustypen, ' +
      'zaakobjecttypen and zaaktype-informatieobjecttypen (README, Catalogi).',
  },
  {
    component: 'catalogi',
    operations: ['zaaktype_update', 'zaaktype_partial_update'],
    kinds: ['operation-missing'],
    reason: 'Zaaktypen are created, published and deleted here, not updated (README, Catalogi).',
  },
  {
    component: 'catalogi',
    operations: [
      'informatieobjecttype_list',
      'informatieobjecttype_create',
      'informatieobjecttype_retrieve',
      'informatieobjecttype_update',
      'informatieobjecttype_partial_update',
    ],
    kinds: ['request-property-extra', 'response-property-extra'],
    reason:
      'Catalogi 1.3.1 leaves these bodies unspecified ("Unspecified response body", a known defect of ' +
      'that document); the fields follow its InformatieObjectType schema, as Open Zaak serves them.',
  },
  {
    component: 'catalogi',
    operations: ['zaaktype_list', 'zaaktype_retrieve'],
    kinds: ['response-property-extra'],
    reason:
      'Catalogi 1.3.1 leaves this response unspecified (known defect); its ZaakType schema is followed.',
  },
  {
    component: 'catalogi',
    operations: ['zaaktype_publish'],
    kinds: ['request-body'],
    reason: 'publish takes no body: any body is read and ignored, as Open Zaak does (route-helpers.ts).',
  },
  {
    component: 'catalogi',
    operations: ['informatieobjecttype_create'],
    kinds: ['status-missing', 'status-extra'],
    names: ['200', '201'],
    reason: 'A create answers 201 with Location, as every other create (the 1.3.1 document says 200 here).',
  },
  {
    component: 'catalogi',
    operations: ['informatieobjecttype_destroy', 'zaaktype_destroy'],
    kinds: ['status-missing', 'status-extra', 'response-header-extra'],
    names: ['200', '204', 'api-version'],
    reason: 'A delete answers 204 without a body, as Open Zaak (the 1.3.1 document says 200 here).',
  },
  {
    component: 'catalogi',
    operations: ['informatieobjecttype_destroy', 'zaaktype_destroy'],
    kinds: ['status-extra'],
    names: ['400'],
    reason: 'Only a concept may be deleted: 400 non-concept-object otherwise (README, Catalogi).',
  },
  {
    component: 'catalogi',
    operations: /^(informatieobjecttype_(update|partial_update|destroy)|zaaktype_(list|retrieve|destroy))$/,
    kinds: ['security'],
    reason:
      'catalogi.schrijven for every write and catalogi.lezen for reads (README, Catalogi): this subset has ' +
      'no geforceerd-schrijven/-verwijderen, and documenten.lezen/zaken.lezen do not read zaaktypen.',
  },
  {
    component: 'catalogi',
    operations: ['informatieobjecttype_publish', 'zaaktype_publish'],
    kinds: ['response-header-extra'],
    names: ['api-version'],
    reason: 'The API-version header is on every response, also on the errors of publish.',
  },
  {
    component: 'catalogi',
    operations: ['informatieobjecttype_publish', 'informatieobjecttype_headers', 'zaaktype_headers'],
    kinds: ['response-property-differs', 'response-property-extra'],
    names: ['zaaktypen', 'zaaktypen[]', 'informatieobjecttypen', 'informatieobjecttypen[]'],
    reason:
      'A list of URLs, as Open Zaak sends it; the 1.3.1 document types these relation lists as a string.',
  },
  {
    component: 'catalogi',
    operations: ['zaaktype_publish', 'zaaktype_create', 'zaaktype_list', 'zaaktype_headers'],
    kinds: ['response-property-differs', 'response-property-extra'],
    names:
      /^(results\[\]\.)?(informatieobjecttypen(\[\])?|selectielijstProcestype|referentieproces\.link|deelzaaktypen\[\])$/,
    reason:
      'informatieobjecttypen is a list of URLs (the 1.3.1 document says string); selectielijstProcestype and ' +
      'referentieproces.link are "" when unset, so no uri format; deelzaaktypen never holds null.',
  },
  {
    component: 'catalogi',
    operations: ['zaaktype_publish', 'zaaktype_create', 'zaaktype_list', 'zaaktype_headers'],
    kinds: ['response-property-missing'],
    names: /^(results\[\]\.)?(zaakobjecttypen|broncatalogus|bronzaaktype)$/,
    reason: 'Not in this subset (zaakobjecttypen, and the import-only broncatalogus/bronzaaktype).',
  },
  {
    component: 'catalogi',
    operations: ['zaaktype_create'],
    kinds: ['request-property-missing', 'request-property-differs'],
    names:
      /^(broncatalogus|bronzaaktype|besluittypen|deelzaaktypen|gerelateerdeZaaktypen|beginObject|eindeObject|verantwoordelijke|doorlooptijd|servicenorm|verlengingstermijn|selectielijstProcestype|referentieproces\.link)$/,
    reason:
      'The zaaktype subset of README (Catalogi, "Zaaktype subset"): relations other than ' +
      'informatieobjecttypen and the import-only bron* fields are not taken on input; verantwoordelijke is ' +
      'optional; durations are checked with an ISO-8601 pattern, URL fields accept "" (no formats).',
  },
  {
    component: 'catalogi',
    operations: ['zaaktype_create'],
    kinds: ['request-property-extra'],
    names: ['informatieobjecttypen', 'informatieobjecttypen[]'],
    reason:
      'Catalogi 1.3.1 links types with zaaktype-informatieobjecttypen, which this subset has not; the ' +
      'informatieobjecttypen of a zaaktype are given on create instead (README, Catalogi).',
  },
  {
    component: 'catalogi',
    operations: ['catalogus_list', 'informatieobjecttype_list', 'zaaktype_list', 'zaaktype_retrieve'],
    kinds: ['parameter-missing', 'parameter-differs'],
    names: /^query:/,
    reason:
      'The filters of this subset (README, Catalogi): domein, rsin; catalogus, status, omschrijving; ' +
      'catalogus, identificatie, status. status is an enum here; catalogus is any string (no match: an ' +
      'empty page); datumGeldigheid, __in and trefwoorden filters are not implemented.',
  },
  {
    component: 'catalogi',
    operations: ['catalogus_create', 'catalogus_list', 'catalogus_retrieve', 'catalogus_headers'],
    kinds: ['request-property-differs', 'response-property-differs'],
    names: /^(results\[\]\.)?(contactpersoonBeheerEmailadres|naam|versie)$/,
    reason:
      'contactpersoonBeheerEmailadres may be "" (no email format); naam and versie are "" when unset, never ' +
      'null, and null is refused on input.',
  },

  // ---------------------------------------------------------------------------------
  // Zaken API 1.5.1 (subset)
  {
    component: 'zaken',
    operations:
      /^(klantcontact|resultaat|rol|status|zaakcontactmoment|zaakobject|zaakverzoek|zaakbesluit|zaakeigenschap|audittrail)_|^zaak__zoek$|^zaak_update$/,
    kinds: ['operation-missing'],
    reason:
      'Not in this subset (README, Zaken): only zaken (without PUT and _zoek) and zaakinformatieobjecten.',
  },
  {
    component: 'zaken',
    operations: ['zaak_list'],
    kinds: ['parameter-missing', 'parameter-extra', 'parameter-differs'],
    names: /^query:/,
    reason:
      'The filters of this subset (README, Zaken): identificatie, bronorganisatie, zaaktype (any string), ' +
      'page and pageSize.',
  },
  {
    component: 'zaken',
    operations: ['zaak_retrieve', 'zaak_headers'],
    kinds: ['parameter-missing'],
    names: ['query:expand'],
    reason: 'expand is not implemented in this subset.',
  },
  {
    component: 'zaken',
    operations: ['zaak_list', 'zaak_retrieve', 'zaak_headers', 'zaak_destroy'],
    kinds: ['parameter-missing'],
    names: ['header:content-crs', 'header:accept-crs'],
    reason:
      'Content-Crs is required with a body only, and DELETE negotiates no CRS, as Open Zaak ' +
      '(vng-api-common GeoMixin; README, Zaken).',
  },
  {
    component: 'zaken',
    operations: /^zaak_/,
    kinds: ['response-property-missing'],
    names: /^(results\[\]\.)?processobject\./,
    reason: 'This subset has no processobject: it is always null.',
  },
  {
    component: 'zaken',
    operations: /^zaak_/,
    kinds: ['response-property-extra'],
    names: /^(results\[\]\.)?communicatiekanaalNaam$/,
    reason: 'Open Zaak’s communicatiekanaalNaam (Zaken API 1.5 field of Open Zaak), sent as Open Zaak does.',
  },
  {
    component: 'zaken',
    operations: ['zaak_create', 'zaak_partial_update'],
    kinds: ['request-property-extra'],
    names: ['communicatiekanaalNaam'],
    reason: 'Open Zaak’s communicatiekanaalNaam is accepted too.',
  },
  {
    component: 'zaken',
    operations: /^zaak_/,
    kinds: ['response-property-differs'],
    names:
      /^(results\[\]\.)?(productenOfDiensten\[\]|verlenging\.duur|communicatiekanaal|selectielijstklasse|zaakgeometrie)$/,
    reason:
      'productenOfDiensten are stored as given (not checked as URLs); verlenging is {reden: "", duur: null} ' +
      'when unset, as Open Zaak sends it; communicatiekanaal and selectielijstklasse are "" when unset (no ' +
      'uri format); this subset has no geometry, zaakgeometrie is always null.',
  },
  {
    component: 'zaken',
    operations: ['zaak_create', 'zaak_partial_update'],
    kinds: ['request-property-missing', 'request-property-differs'],
    reason:
      'The zaak subset (README, Zaken): no zaakgeometrie, hoofdzaak, relevanteAndereZaken or processobject ' +
      'on input; URL fields are checked by the handler (bad-url / does_not_exist), not as a uri format; ' +
      'verlenging.duur and processobjectaard as stored by Open Zaak.',
  },
  {
    component: 'zaken',
    operations: /^zaakinformatieobject_/,
    kinds: ['parameter-differs', 'request-property-differs'],
    names: ['query:zaak', 'query:informatieobject', 'zaak', 'informatieobject', 'status'],
    detail: /^format uri ≠ -$/,
    reason:
      'zaak, informatieobject and status are checked by the handler (bad-url / does_not_exist, ' +
      'as Open Zaak answers), not as a uri format; the list filters take any string.',
  },

  // ---------------------------------------------------------------------------------
  // Autorisaties API 1.0.0 (subset)
  {
    component: 'autorisaties',
    operations: ANY,
    kinds: ['security'],
    reason:
      'Only an applicatie with heeftAlleAutorisaties may use the Autorisaties API (x-heeftAlleAutorisaties; ' +
      'README, Autorisaties), not any holder of autorisaties.lezen/-bijwerken.',
  },
  {
    component: 'autorisaties',
    operations: ANY,
    kinds: ['request-property-differs', 'response-property-differs'],
    names: /^(results\[\]\.)?autorisaties\[\]\.component$/,
    reason: 'Also the components cmc, kc and vrc (Contactmomenten, Klanten, Verzoeken), as Open Zaak.',
  },
  {
    component: 'autorisaties',
    operations: ANY,
    kinds: ['request-property-extra', 'response-property-extra'],
    names:
      /^(results\[\]\.)?autorisaties\[\]\.(zaaktype|informatieobjecttype|besluittype|maxVertrouwelijkheidaanduiding)$/,
    reason:
      'The component-specific fields are in the schemas the standard’s discriminator (AutorisatieBase.component) ' +
      'maps to; here they are optional fields of one autorisatie object, present for their component.',
  },
  {
    component: 'autorisaties',
    operations: ['applicatie_consumer'],
    kinds: ['response-property-missing', 'response-property-extra'],
    reason:
      'The consumer answer is the applicatie itself, as Open Zaak answers (the 1.0.0 document says a list).',
  },
  {
    component: 'autorisaties',
    operations: ['applicatie_partial_update'],
    kinds: ['request-property-differs'],
    names: ['clientIds', 'label'],
    detail: /^required true ≠ false$/,
    reason: 'PATCH is partial: nothing is required (the 1.0.0 document reuses the PUT body).',
  },
];
