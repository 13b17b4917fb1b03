import { registerAuditTrailRoutes } from '../audit/routes.js';
import type { ComponentSpec } from '../http/component.js';
import { registerBestandsdeelRoutes } from './bestandsdelen/routes.js';
import { registerGebruiksrechtenRoutes } from './gebruiksrechten/routes.js';
import { registerOioRoutes } from './oio-routes.js';
import { registerEioReadRoutes } from './read-routes.js';
import { registerVerzendingenRoutes } from './verzendingen/routes.js';
import { registerEioWriteRoutes } from './write-routes.js';

/** The Documenten API component: its prefix, version and route modules. */
export const documentenComponent: ComponentSpec = {
  prefix: '/documenten/api/v1',
  title: 'Documenten API',
  apiVersion: '1.5.0',
  routes: [
    registerEioReadRoutes,
    registerEioWriteRoutes,
    registerBestandsdeelRoutes,
    registerOioRoutes,
    registerGebruiksrechtenRoutes,
    registerVerzendingenRoutes,
    registerAuditTrailRoutes,
  ],
};
