/**
 * Authentication (Bearer tokens) and role checks, with a limit on failed authentications.
 *
 * The limit never refuses a valid token: the token is checked first, and only an invalid one can
 * be answered with 429. Behind a municipal NAT or a reverse proxy many clerks share one address;
 * a guesser (or a client retrying a revoked token) there must not lock the others out.
 * What stops guessing is the token itself (32 random bytes: at a billion tries a second, finding
 * one of a thousand tokens would take ~10^57 years); the limit keeps a guesser from hammering the
 * database with lookups unnoticed: after `limit` different invalid credentials from one address in
 * a window, further new ones are answered 429 and the operator's log says so once.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Role } from '../../shared';
import { sha256 } from '../hash';
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

interface AddressFailures {
  resetAt: number;
  /** hashes of the different invalid credentials presented, at most `limit` of them */
  credentials: Set<string>;
  /** the operator's log has been told about this address in this window */
  logged: boolean;
}

/**
 * Failed authentications per client address (IPv6 grouped by /56 like express-rate-limit, so one
 * connection cannot rotate through its own addresses). Counted are *different* invalid credentials:
 * the same stale token sent again and again is one failure, each guess is a new one.
 */
export class AuthFailureLimiter {
  private readonly byAddress = new Map<string, AddressFailures>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** bound on the memory a flood from many addresses can take; the oldest entries go first */
    private readonly maxAddresses = 10_000,
  ) {}

  private entry(address: string): AddressFailures | undefined {
    const e = this.byAddress.get(address);
    if (e && e.resetAt <= this.now()) {
      this.byAddress.delete(address);
      return undefined;
    }
    return e;
  }

  /**
   * For an invalid credential: undefined when it may be answered 401 (and it is counted), else the
   * seconds until the address may try new credentials again. A credential already counted is never
   * refused: the client learns nothing new, and a clerk with a revoked token keeps seeing why.
   */
  failure(address: string, credential: string): { retryAfterSeconds: number; firstRefusal: boolean } | undefined {
    const key = sha256(credential).slice(0, 32);
    let e = this.entry(address);
    if (e?.credentials.has(key)) return undefined;
    if (e && e.credentials.size >= this.limit) {
      const firstRefusal = !e.logged;
      e.logged = true;
      return { retryAfterSeconds: Math.max(1, Math.ceil((e.resetAt - this.now()) / 1000)), firstRefusal };
    }
    if (!e) {
      if (this.byAddress.size >= this.maxAddresses) this.evict();
      e = { resetAt: this.now() + this.windowMs, credentials: new Set(), logged: false };
      this.byAddress.set(address, e);
    }
    e.credentials.add(key);
    return undefined;
  }

  private evict(): void {
    const now = this.now();
    for (const [a, e] of this.byAddress) if (e.resetAt <= now) this.byAddress.delete(a);
    // still full: drop the oldest window (Map keeps insertion order)
    if (this.byAddress.size >= this.maxAddresses) this.byAddress.delete(this.byAddress.keys().next().value!);
  }

  /** number of addresses currently tracked (for tests of the memory bound) */
  get size(): number {
    return this.byAddress.size;
  }
}

/** The client address as the limiter counts it; with `trust proxy` set, taken from X-Forwarded-For. */
export const clientAddress = (req: Request): string => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unbekannt');

export function authenticate(storage: Storage, limiter: AuthFailureLimiter, log: (line: string) => void = () => undefined): RequestHandler {
  const refuse = (req: Request, credential: string, error: ApiError): ApiError => {
    const address = clientAddress(req);
    const refused = limiter.failure(address, credential);
    if (!refused) return error;
    if (refused.firstRefusal) {
      log(`Anmeldung: ${limiter.limit} verschiedene ungültige Tokens von Adresse ${address}; weitere neue werden ${Math.ceil(limiter.windowMs / 60000)} Minuten lang mit 429 beantwortet (gültige Tokens nicht).`);
    }
    const minutes = Math.ceil(refused.retryAfterSeconds / 60);
    return new ApiError(
      429,
      'ZU_VIELE_FEHLVERSUCHE',
      `Zu viele fehlgeschlagene Anmeldungen von dieser Adresse. Bitte ${minutes === 1 ? 'eine Minute' : `${minutes} Minuten`} warten und das Token prüfen; ein gültiges Token funktioniert weiterhin.`,
      {},
      { 'Retry-After': String(refused.retryAfterSeconds) },
    );
  };
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (!header) {
      return next(new ApiError(401, 'ANMELDUNG_FEHLT', 'Anmeldung fehlt: Bitte das Zugangs-Token im Kopf „Authorization: Bearer <Token>“ mitsenden.'));
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      return next(refuse(req, header, new ApiError(401, 'ANMELDUNG_UNGUELTIG', 'Der Kopf „Authorization“ hat nicht die Form „Bearer <Token>“.')));
    }
    const record = await resolveToken(storage, match[1]!);
    if (!record) {
      return next(refuse(req, match[1]!, new ApiError(401, 'TOKEN_UNGUELTIG', 'Das Zugangs-Token ist ungültig oder wurde widerrufen. Bitte beim Kreis ein neues Token anfordern.')));
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
