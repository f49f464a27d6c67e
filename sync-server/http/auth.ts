/**
 * Authentication (Bearer tokens) and role checks. Failed authentications are rate limited per
 * client address, so that tokens cannot be guessed by trying.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Role } from '../../shared';
import type { Actor, Storage } from '../storage/types';
import { resolveToken, roleLabel } from '../tokens';
import { ApiError } from './errors';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

/** The authenticated actor; only call behind `authenticate`. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new Error('actorOf ohne Anmeldung aufgerufen');
  return req.actor;
}

export function authFailureLimiter(limit: number, windowMs: number): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    // Only failed authentications count; a client with a valid token is never slowed down by them.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({
        error: 'ZU_VIELE_FEHLVERSUCHE',
        message: `Zu viele fehlgeschlagene Anmeldungen von dieser Adresse. Bitte ${Math.ceil(windowMs / 60000)} Minuten warten und das Token prüfen.`,
      });
    },
  });
}

export function authenticate(storage: Storage): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (!header) {
      return next(new ApiError(401, 'ANMELDUNG_FEHLT', 'Anmeldung fehlt: Bitte das Zugangs-Token im Kopf „Authorization: Bearer <Token>“ mitsenden.'));
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      return next(new ApiError(401, 'ANMELDUNG_UNGUELTIG', 'Der Kopf „Authorization“ hat nicht die Form „Bearer <Token>“.'));
    }
    const record = await resolveToken(storage, match[1]!);
    if (!record) {
      return next(new ApiError(401, 'TOKEN_UNGUELTIG', 'Das Zugangs-Token ist ungültig oder wurde widerrufen. Bitte beim Kreis ein neues Token anfordern.'));
    }
    req.actor = { tokenId: record.id, role: record.role, label: `${roleLabel(record.role)} (Token ${record.id})` };
    next();
  };
}

const ROLE_NAMES: Record<Role['rolle'], string> = { kreis: 'Kreis', kommune: 'Kommune', leser: 'Lesezugriff' };

/** Allows only the given roles; everyone else gets 403 with the reason. */
export function requireRole(...roles: Role['rolle'][]): RequestHandler {
  return (req, _res, next) => {
    const actor = actorOf(req);
    if (roles.includes(actor.role.rolle)) return next();
    next(
      new ApiError(403, 'KEINE_BERECHTIGUNG', `Mit der Rolle „${ROLE_NAMES[actor.role.rolle]}“ ist das nicht erlaubt; nötig ist: ${roles.map((r) => ROLE_NAMES[r]).join(' oder ')}.`),
    );
  };
}
