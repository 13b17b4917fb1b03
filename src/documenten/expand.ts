import { localInformatieobjecttypeUuid } from '../catalogi/informatieobjecttype-resolver.js';
import { createInformatieobjecttypeRepository } from '../catalogi/informatieobjecttype-repository.js';
import { toInformatieobjecttype } from '../catalogi/mapper.js';
import type { Deps } from '../deps.js';
import { type DocumentVersionRow, rowIotUrl } from './mapper.js';

/**
 * `?expand=informatieobjecttype` (Documenten API schema EnkelvoudigInformatieObject `_expand`): the Catalogi representation of every
 * distinct type on the page, one lookup per distinct type. External types are expanded
 * from the resolver's (cached) view.
 */
export async function expandInformatieobjecttypen(
  deps: Deps,
  rows: DocumentVersionRow[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const urls = new Set(rows.map((r) => rowIotUrl(deps.urls, r)));
  const iotRepo = createInformatieobjecttypeRepository(deps.pool);
  for (const url of urls) {
    const local = localInformatieobjecttypeUuid(deps.urls, url);
    if (local) {
      const row = await iotRepo.get(local);
      if (row) out.set(url, toInformatieobjecttype(deps.urls, row) as Record<string, unknown>);
      continue;
    }
    const r = await deps.informatieobjecttypen.resolve(url);
    if (r.ok) {
      out.set(url, {
        url,
        catalogus: r.iot.catalogusUrl,
        vertrouwelijkheidaanduiding: r.iot.vertrouwelijkheidaanduiding,
        concept: r.iot.concept,
      });
    }
  }
  return out;
}
