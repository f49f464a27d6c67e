/**
 * Refuses a JSON body nested deeper than MAX_JSON_DEPTH with 400 and the field, before any route
 * hashes, validates or stores it: JSON.parse reads any depth, but JSON.stringify (hash, storage) and
 * recursive checks end in a stack overflow (a 500) somewhere past a few thousand levels.
 */
import type { RequestHandler } from 'express';
import { MAX_JSON_DEPTH, jsonTooDeepAt } from '../hash';
import { ApiError } from './errors';

export function limitJsonDepth(maxDepth: number = MAX_JSON_DEPTH): RequestHandler {
  return (req, _res, next) => {
    const field = req.body !== undefined ? jsonTooDeepAt(req.body, maxDepth) : undefined;
    if (field === undefined) return next();
    next(
      new ApiError(400, 'JSON_ZU_TIEF', `Der gesendete Inhalt ist zu tief verschachtelt: Feld „${field}“ liegt tiefer als ${maxDepth} Ebenen (Objekte und Listen ineinander); erlaubt sind höchstens ${maxDepth}. Es wurde nichts gespeichert.`, {
        field,
      }),
    );
  };
}
