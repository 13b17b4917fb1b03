export * from './autorisaties.js';
export * from './beheer.js';
export * from './catalogi.js';
export * from './documenten.js';
export * from './imports.js';
export * from './zaken.js';
