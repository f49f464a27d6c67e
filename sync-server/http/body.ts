/** Request bodies: every route that takes data takes JSON only (415 otherwise, one helper for all). */
import type { RequestHandler } from 'express';
import { ApiError } from './errors';

/** 415 unless the body is declared JSON (a missing body counts as not JSON: these routes need data). */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (req.is('application/json')) return next();
  next(new ApiError(415, 'KEIN_JSON', 'Bitte die Daten als JSON senden (Kopf „Content-Type: application/json“); es wurde nichts gespeichert.'));
};
