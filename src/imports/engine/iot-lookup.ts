import {
  createInformatieobjecttypeResolver,
  type IotResolution,
} from '../../catalogi/informatieobjecttype-resolver.js';
import type { Deps } from '../../deps.js';
import { createUrls } from '../../shared/urls.js';
import { echo } from './row-mapping.js';

/**
 * The informatieobjecttypen of a batch, resolved by the API's resolver (one query for the
 * local ones, cached fetches for external ones). `publicUrl` is the PUBLIC_URL recorded by
 * the API that created the import (issue 10 #11): local informatieobjecttype URLs are those
 * under it, whatever this worker's own PUBLIC_URL.
 */
export function importIotLookup(
  deps: Deps,
  publicUrl: string,
): (urls: string[]) => Promise<Map<string, IotResolution>> {
  const resolver =
    publicUrl === deps.config.publicUrl
      ? deps.informatieobjecttypen
      : createInformatieobjecttypeResolver({
          pool: deps.pool,
          config: { publicUrl, catalogiServices: deps.config.catalogiServices },
        });
  return async (urls) => {
    const resolved = await resolver.resolveMany(urls);
    return new Map([...resolved].map(([url, res]) => [url, withUrl(res, url, publicUrl)]));
  };
}

/**
 * The import's comment names the URL a failure is about (the API's reasons stay as they are),
 * and for `unknown-service` what a URL must start with to be found.
 */
function withUrl(res: IotResolution, url: string, publicUrl: string): IotResolution {
  if (res.ok || res.reason.includes(url)) return res;
  let reason = `${res.reason}${echo('informatieobjecttype', url)}`;
  if (res.code === 'unknown-service') {
    reason += `. A local informatieobjecttype URL starts with ${createUrls(publicUrl).catalogi('informatieobjecttypen', '')} (the PUBLIC_URL of the API that created this import); an external one needs its Catalogi apiRoot in CATALOGI_SERVICES.`;
  }
  return { ...res, reason };
}
