/**
 * Errors as the API answers them: a stable code for programs and a plain German message for people
 * that names the field or parameter and says what would be right.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { StorageUnavailableError } from '../storage/types';
import { jsonSyntaxMessage } from './json-syntax';
import { NO_STORE } from './cache';

/** Seconds a client should wait before trying again while the database is unreachable (header Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 10;

/** The German message for "database unreachable", shared by the error handler and /api/health. */
export const DATABASE_UNREACHABLE_MESSAGE =
  'Die Datenbank ist nicht erreichbar (der Server selbst läuft). Bitte später erneut versuchen; es wurde nichts gespeichert. Dauert es an, bitte den Betrieb informieren.';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** answer headers, e.g. Retry-After of a 429 */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (param: string, detail: string): ApiError =>
  new ApiError(400, 'PARAMETER_UNGUELTIG', `Parameter „${param}“: ${detail}`, { parameter: param });

export const notFound: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'NICHT_GEFUNDEN', `Die Adresse ${req.method} ${req.path} gibt es nicht. Eine Übersicht steht in der API-Beschreibung (GET /api/openapi.json).`));
};

/** Turns body-parser failures, ApiErrors and unexpected errors into JSON answers. */
export function errorHandler(log: (line: string) => void, bodyLimit: string): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    // An error is never cached, also where the answer would have been (the report's data).
    res.set('Cache-Control', NO_STORE);
    const e = err as { type?: string; status?: number; message?: string; body?: unknown };
    if (err instanceof StorageUnavailableError) {
      // The cause (driver error, where) goes to the log for the operator; the clerk gets what to do.
      log(err.message);
      res.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      if (err.outcomeUnknown) {
        res.status(503).json({
          error: 'DATENBANK_ABGEBROCHEN',
          message:
            'Die Verbindung zur Datenbank ist beim Speichern abgebrochen; ob gespeichert wurde, ist nicht sicher. Bitte später erneut senden: mit demselben Idempotency-Key (wie das Add-in) wird nichts doppelt gespeichert; sonst zuerst in der Historie nachsehen.',
        });
        return;
      }
      res.status(503).json({ error: 'DATENBANK_NICHT_ERREICHBAR', message: DATABASE_UNREACHABLE_MESSAGE });
      return;
    }
    if (err instanceof ApiError) {
      res.set(err.headers);
      res.status(err.status).json({ error: err.code, message: err.message, ...err.extra });
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({
        error: 'JSON_UNGUELTIG',
        message: jsonSyntaxMessage(typeof e.body === 'string' ? e.body : undefined),
      });
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json({
        error: 'ZU_GROSS',
        message: `Die gesendeten Daten sind zu groß (höchstens ${bodyLimit}). Bitte die Meldung aufteilen, z. B. nach Gemeindeteilen oder Merkmalen; es wurde nichts gespeichert.`,
      });
      return;
    }
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      res.status(415).json({ error: 'ZEICHENSATZ', message: 'Bitte die Daten als JSON in UTF-8 senden; es wurde nichts gespeichert.' });
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: 'ANFRAGE_UNGUELTIG', message: `Die Anfrage ist fehlerhaft (${e.message ?? e.status}); es wurde nichts gespeichert.` });
      return;
    }
    log(`Interner Fehler: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    res.status(500).json({ error: 'INTERN', message: 'Interner Fehler des Servers; es wurde nichts gespeichert. Bitte den Betrieb informieren.' });
  };
}
