/**
 * Access tokens: 32 random bytes, shown once, stored only as their SHA-256 hash. A stolen database
 * therefore does not reveal usable tokens.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../shared';
import { sha256 } from './hash';
import type { Actor, Storage, TokenRecord } from './storage/types';

const PREFIX = 'smt_';

export const hashToken = (token: string): string => sha256(token);

export function roleLabel(role: Role): string {
  return role.rolle === 'kommune' ? `kommune:${role.ags}` : role.rolle;
}

/** Parses `--rolle` / `--ags` from the CLI into a role; throws a German message if they do not fit. */
export function parseRole(rolle: string, ags?: string): Role {
  if (rolle === 'kommune') {
    if (!ags || !/^[0-9]{8}$/.test(ags)) {
      throw new Error(`Für die Rolle „kommune“ ist der achtstellige Gemeindeschlüssel nötig, z. B. --ags 05954036${ags ? ` („${ags}“ ist keiner)` : ''}`);
    }
    return { rolle: 'kommune', ags };
  }
  if (ags) throw new Error(`--ags gilt nur für die Rolle „kommune“, nicht für „${rolle}“`);
  if (rolle === 'kreis' || rolle === 'leser') return { rolle };
  throw new Error(`Unbekannte Rolle „${rolle}“; erlaubt sind kreis, kommune, leser`);
}

export async function createToken(storage: Storage, role: Role, actor: Actor, label?: string): Promise<{ id: number; token: string }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const id = await storage.createToken(hashToken(token), role, label ?? roleLabel(role), actor);
  return { id, token };
}

/** The valid (not revoked) token record for a presented token, if any. */
export async function resolveToken(storage: Storage, token: string): Promise<TokenRecord | undefined> {
  const record = await storage.tokenByHash(hashToken(token));
  return record && record.revokedAt === null ? record : undefined;
}

export const OPERATOR: Actor = { tokenId: null, role: { rolle: 'kreis' }, label: 'Betrieb (Kommandozeile)' };
