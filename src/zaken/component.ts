import type { ComponentSpec } from '../http/component.js';
import { registerZaakRoutes } from './routes.js';
import { registerZioRoutes } from './zio-routes.js';

/** The Zaken API component: its prefix, version and route modules. */
export const zakenComponent: ComponentSpec = {
  prefix: '/zaken/api/v1',
  title: 'Zaken API',
  apiVersion: '1.5.1',
  routes: [registerZaakRoutes, registerZioRoutes],
};
