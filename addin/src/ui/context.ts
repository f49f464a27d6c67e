/** What the panels share once connected: the API, the catalogue and the area tree. */
import type { AreaTree, Catalogue } from '../../../shared';
import type { ApiClient, AreaFeature, Health, Who } from '../api/client';
import type { ExcelGateway } from '../excel/gateway';
import type { AreaInfo } from '../plans/pull';
import type { WorkbookStore } from '../workbook/store';

export interface Session {
  api: ApiClient;
  health: Health;
  who: Who;
  /** the years this token may know of, ascending: /api/whoami's list, else the released years of /api/health */
  periods: string[];
  catalogue: Catalogue;
  areas: AreaFeature[];
  areaMap: ReadonlyMap<string, AreaInfo>;
  tree: AreaTree;
}

export interface Env {
  gateway: ExcelGateway;
  store: WorkbookStore;
  /** default server address: where the pane was loaded from */
  defaultServer: string;
  now: () => Date;
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
