import type { ComponentSpec } from '../http/component.js';
import { registerBestandsdeelRoutes } from './bestandsdelen/routes.js';
import { registerImportRoutes } from '../imports/routes.js';
import { registerOioRoutes } from './oio-routes.js';
import { registerEioReadRoutes } from './read-routes.js';
import { registerEioWriteRoutes } from './write-routes.js';

/** The Documenten API component: its prefix, version and route modules. */
export const documentenComponent: ComponentSpec = {
  prefix: '/documenten/api/v1',
  title: 'Documenten API',
  apiVersion: '1.4.2',
  routes: [
    registerEioReadRoutes,
    registerEioWriteRoutes,
    registerBestandsdeelRoutes,
    registerOioRoutes,
    registerImportRoutes,
  ],
};
