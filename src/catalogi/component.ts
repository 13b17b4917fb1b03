import type { ComponentSpec } from '../http/component.js';
import { registerCatalogusRoutes } from './catalogus-routes.js';
import { registerInformatieobjecttypeRoutes } from './informatieobjecttype-routes.js';
import { registerZaaktypeRoutes } from './zaaktype-routes.js';

/** The Catalogi API component: its prefix, version and route modules. */
export const catalogiComponent: ComponentSpec = {
  prefix: '/catalogi/api/v1',
  title: 'Catalogi API',
  apiVersion: '1.3.1',
  routes: [registerCatalogusRoutes, registerInformatieobjecttypeRoutes, registerZaaktypeRoutes],
};
