import type { ComponentSpec } from '../http/component.js';

/** The Catalogi API component: its prefix, version and route modules. */
export const catalogiComponent: ComponentSpec = {
  prefix: '/catalogi/api/v1',
  title: 'Catalogi API',
  apiVersion: '1.3.1',
  routes: [],
};
