/**
 * What the task pane remembers, and where. In the workbook (document settings, travel with the file):
 * the server address, an id of the workbook, the pulls (so "Aktualisieren" can repeat them), the
 * entry templates, the marks of the last check, and submissions waiting to be sent. In the browser
 * profile of the user (localStorage, never in the file): the token, per workbook id and server.
 */
import type { PullRequest } from '../plans/pull';
import type { QuelltabellenZuordnung } from '../plans/quelltabelle';
import type { TemplateInfo } from '../plans/template';
import type { CellMark } from '../plans/types';
import type { WorkbookSettings } from '../excel/gateway';

export interface PendingSubmission {
  idempotencyKey: string;
  sheet: string;
  body: { period: string; baseRevision: number; rows: unknown[] };
  queuedAt: string;
  attempts: number;
}

const K = {
  server: 'sozialmonitor.server',
  id: 'sozialmonitor.mappe',
  pulls: 'sozialmonitor.abrufe',
  templates: 'sozialmonitor.vorlagen',
  marks: 'sozialmonitor.markierungen',
  queue: 'sozialmonitor.warteschlange',
  quelltabellen: 'sozialmonitor.quelltabellen',
};

export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const newKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;

export class WorkbookStore {
  constructor(
    private readonly s: WorkbookSettings,
    private readonly tokens: TokenStore,
  ) {}

  /** A random id of this workbook (created once), so that tokens can be remembered per workbook. */
  async workbookId(): Promise<string> {
    let id = this.s.get<string>(K.id);
    if (!id) {
      id = newKey();
      this.s.set(K.id, id);
      await this.s.save();
    }
    return id;
  }

  server(): string | undefined {
    return this.s.get<string>(K.server);
  }

  async connection(): Promise<{ server?: string; token?: string }> {
    const server = this.server();
    if (!server) return {};
    const token = this.tokens.getItem(`sozialmonitor.token.${await this.workbookId()}.${server}`) ?? undefined;
    return { server, ...(token ? { token } : {}) };
  }

  async remember(server: string, token: string): Promise<void> {
    const id = await this.workbookId();
    this.s.set(K.server, server);
    await this.s.save();
    this.tokens.setItem(`sozialmonitor.token.${id}.${server}`, token);
  }

  async forget(server: string): Promise<void> {
    this.tokens.removeItem(`sozialmonitor.token.${await this.workbookId()}.${server}`);
  }

  pulls(): Record<string, PullRequest> {
    return this.s.get<Record<string, PullRequest>>(K.pulls) ?? {};
  }
  async savePull(req: PullRequest): Promise<void> {
    this.s.set(K.pulls, { ...this.pulls(), [req.sheet]: req });
    await this.s.save();
  }

  templates(): Record<string, TemplateInfo> {
    return this.s.get<Record<string, TemplateInfo>>(K.templates) ?? {};
  }
  async saveTemplate(info: TemplateInfo): Promise<void> {
    this.s.set(K.templates, { ...this.templates(), [info.sheet]: info });
    await this.s.save();
  }

  marks(sheet: string): CellMark[] {
    return (this.s.get<Record<string, CellMark[]>>(K.marks) ?? {})[sheet] ?? [];
  }
  async saveMarks(sheet: string, marks: CellMark[]): Promise<void> {
    this.s.set(K.marks, { ...(this.s.get<Record<string, CellMark[]>>(K.marks) ?? {}), [sheet]: marks });
    await this.s.save();
  }

  queue(): PendingSubmission[] {
    return this.s.get<PendingSubmission[]>(K.queue) ?? [];
  }
  async enqueue(p: PendingSubmission): Promise<void> {
    this.s.set(K.queue, [...this.queue().filter((q) => q.idempotencyKey !== p.idempotencyKey), p]);
    await this.s.save();
  }
  async dequeue(key: string): Promise<void> {
    this.s.set(K.queue, this.queue().filter((q) => q.idempotencyKey !== key));
    await this.s.save();
  }

  /**
   * Mappings of source tables (Quelltabelle übernehmen), by the area column's header text: next
   * month's delivery has the same headers, so the pane finds its mapping again by that header.
   */
  quelltabellen(): QuelltabellenZuordnung[] {
    return this.s.get<QuelltabellenZuordnung[]>(K.quelltabellen) ?? [];
  }
  async saveQuelltabelle(z: QuelltabellenZuordnung): Promise<void> {
    const key = (x: QuelltabellenZuordnung) => x.gebietsspalte.replace(/\s+/g, ' ').trim().toLowerCase();
    this.s.set(K.quelltabellen, [z, ...this.quelltabellen().filter((q) => key(q) !== key(z))]);
    await this.s.save();
  }
}
