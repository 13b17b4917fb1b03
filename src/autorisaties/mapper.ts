import type { Static } from '@sinclair/typebox';
import type { Autorisatie } from '../auth/types.js';
import type { Urls } from '../shared/urls.js';
import type { ApplicatieRow } from './applicatie-repository.js';
import type { Applicatie } from './schemas.js';

/** Applicatie rows → Autorisaties API 1.0 resources; autorisaties show their component's fields only. */
const WEERGAVE: Record<string, string> = {
  ac: 'Autorisatiecomponent',
  nrc: 'Notificatierouteringcomponent',
  zrc: 'Zaakregistratiecomponent',
  ztc: 'Zaaktypecatalogus',
  drc: 'Documentregistratiecomponent',
  brc: 'Besluitregistratiecomponent',
  cmc: 'Contactmomenten API',
  kc: 'Klanten API',
  vrc: 'Verzoeken API',
};

type AutorisatieOut = Static<typeof Applicatie>['autorisaties'][number];

function toAutorisatie(a: Autorisatie): AutorisatieOut {
  const out: Record<string, unknown> = {
    component: a.component,
    componentWeergave: WEERGAVE[a.component] ?? a.component,
    scopes: a.scopes,
  };
  if (a.component === 'zrc') Object.assign(out, { zaaktype: a.zaaktype });
  if (a.component === 'drc') Object.assign(out, { informatieobjecttype: a.informatieobjecttype });
  if (a.component === 'brc') out.besluittype = a.besluittype;
  if (a.component === 'zrc' || a.component === 'drc') {
    out.maxVertrouwelijkheidaanduiding = a.maxVertrouwelijkheidaanduiding;
  }
  return out as AutorisatieOut;
}

export function toApplicatie(urls: Urls, r: ApplicatieRow): Static<typeof Applicatie> {
  return {
    url: urls.applicatie(r.uuid),
    clientIds: r.clientIds,
    label: r.label,
    heeftAlleAutorisaties: r.heeftAlleAutorisaties,
    autorisaties: r.autorisaties.map(toAutorisatie),
  };
}
