/**
 * The demo Kreis: synthetic data for the Ennepe-Ruhr-Kreis, used by the sync server to preload its
 * database and by tests and benchmarks. Pure TypeScript, no Node APIs.
 */
export { DEMO_DEFAULT_SEED, DEMO_DEFAULT_YEARS, demoAreaExchange, demoAreaTree, generateDemoKreis } from './generate';
export type { DemoDataset, DemoKreis, DemoKreisOptions } from './generate';
export { DEMO_KREIS, DEMO_STAEDTE } from './staedte';
export type { GemeindeteilTyp } from './staedte';
export { boundingBox, boxContains, boxesOverlap, signedRingArea } from './geometry';
export type { Box } from './geometry';
export { mulberry32 } from './random';
export { LAND_GEMEINDEN, LAND_KREISE, LAND_KREISFREIE_STAEDTE, demoLandGliederung, generateDemoLand } from './land';
export type { DemoLand, DemoLandOptions } from './land';
