/**
 * Writing an entry template into the workbook: the one path for the empty template (Erfassung tab)
 * and the pre-filled ones (Einwohnerdaten, Quelltabelle). It asks the server for the Meldebereich's
 * revision first (the template's base for the later submission), writes the sheet, and only then
 * remembers the template in the workbook, so that a failed write leaves no template record behind.
 * A sheet of that name is never replaced without asking (deps.chooseSheet).
 */
import type { AreaTree, Catalogue, Ebene } from '../../../shared';
import type { ApiClient } from '../api/client';
import type { ExcelGateway, Progress } from '../excel/gateway';
import { InitialValues, TemplateInfo, buildTemplatePlan } from '../plans/template';
import { safeSheetName } from '../plans/types';
import type { WorkbookStore } from './store';

export interface NewTemplate {
  /** wished sheet name; made safe for Excel here */
  sheet: string;
  period: string;
  stadt: string;
  ebene: Ebene;
  merkmale: string[];
  /** counts to pre-fill (empty cells otherwise: "not reported", never 0) */
  values?: InitialValues;
  /** where pre-filled values came from: one header line of the sheet */
  herkunft?: string;
  /** a note on every pre-filled cell */
  valueNote?: string;
}

export interface WrittenTemplate {
  info: TemplateInfo;
  /** area rows of the sheet */
  rows: number;
  /** input cells that got a value */
  written: number;
}

export async function writeTemplateSheet(
  deps: {
    api: ApiClient; gateway: ExcelGateway; store: WorkbookStore; tree: AreaTree; catalogue: Catalogue;
    /** the sheet to write: the wished name, a new free one, or null (the clerk cancelled); see SheetChoice */
    chooseSheet: (wished: string) => Promise<string | null>;
  },
  t: NewTemplate,
  onProgress?: Progress,
): Promise<WrittenTemplate | null> {
  const period = t.period.trim();
  const sheet = await deps.chooseSheet(safeSheetName(t.sheet));
  if (sheet === null) return null;
  const info: TemplateInfo = {
    sheet,
    period,
    stadt: t.stadt,
    ebene: t.ebene,
    merkmale: t.merkmale,
    baseRevision: await deps.api.revision(period, t.stadt),
    catalogueVersion: deps.catalogue.version,
  };
  const stadtName = deps.tree.get(t.stadt)?.name ?? t.stadt;
  const areas = deps.tree.subtree(t.stadt).map((c) => deps.tree.get(c)!).filter((a) => a.ebene === t.ebene);
  const plan = buildTemplatePlan(info, areas, deps.catalogue, stadtName, t.values, t.herkunft, t.valueNote);
  await deps.gateway.writeSheet(plan, onProgress);
  await deps.store.saveTemplate(info);
  const written = plan.rows.reduce((n, r) => n + r.slice(2).filter((v) => v !== null).length, 0);
  return { info, rows: plan.rows.length, written };
}
