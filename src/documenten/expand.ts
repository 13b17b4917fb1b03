import { localInformatieobjecttypeUuid } from '../catalogi/informatieobjecttype-resolver.js';
import { createInformatieobjecttypeRepository } from '../catalogi/informatieobjecttype-repository.js';
import { toInformatieobjecttype } from '../catalogi/mapper.js';
import type { Deps } from '../deps.js';
import { type DocumentVersionRow, rowIotUrl } from './mapper.js';

/**
 * `?expand=informatieobjecttype` (§1.2 `_expand`): the Catalogi representation of every
 * distinct type on the page, one lookup per distinct type. External types are expanded
 * from the resolver's (cached) view.
 */
export async function expandInformatieobjecttypen(
  deps: Deps,
  rows: DocumentVersionRow[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const urls = new Set(rows.map((r) => rowIotUrl(deps.config.publicUrl, r)));
  const iotRepo = createInformatieobjecttypeRepository(deps.pool);
  for (const url of urls) {
    const local = localInformatieobjecttypeUuid(deps.config.publicUrl, url);
    if (local) {
      const row = await iotRepo.get(local);
      if (row) out.set(url, toInformatieobjecttype(deps.config.publicUrl, row) as Record<string, unknown>);
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
