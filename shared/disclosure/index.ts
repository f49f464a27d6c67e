/** Geheimhaltung: primary and secondary suppression of counts and Kennzahlen. */
export * from './suppress';
export * from './indicators';
export * from './zeichen';
export { LUECKE_SUFFIX, lueckeCode } from './luecke';
export * from './altersbaender';
