import type { ComponentSpec } from '../http/component.js';
import { registerApplicatieRoutes } from './applicatie-routes.js';

/** The Autorisaties API component: its prefix, version and route modules. */
export const autorisatiesComponent: ComponentSpec = {
  prefix: '/autorisaties/api/v1',
  title: 'Autorisaties API',
  apiVersion: '1.0.0',
  routes: [registerApplicatieRoutes],
};
