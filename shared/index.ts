/** The domain core shared by add-in, sync server and CLI: pure TypeScript, no Office, no Node APIs. */
export * from './types';
export * from './catalogue/formula';
export * from './catalogue/catalogue';
export * from './catalogue/standard';
export * from './areas/areas';
export * from './areas/exchange';
export * from './indicators/values';
export * from './indicators/engine';
export * from './disclosure';
export * from './validation/validate';
export * from './validation/maxima';
export * from './validation/group';
export * from './io/text';
export * from './io/werte-csv';
export * from './address/address';
export * as register from './register';
export * from './sozialindex';
