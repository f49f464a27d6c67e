import { deDateTime, deNumber } from '../../../shared';
import { Button, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Ebene, Role } from '../../../shared';
import type { Conflict } from '../api/client';
import { ValueTable } from '../../../shared/indicators/values';
import { CheckResult, checkEntry, findingsSheetPlan, groupFindings, readEntrySheet, rejectedErrorCount, submissionBody } from '../plans/entry';
import { ConflictCell, actorName, conflictCells, freeSheetName, serverPrefill } from '../plans/korrektur';
import { TemplateInfo, merkmaleForLevel } from '../plans/template';
import { type AltersWahl, eigeneAltersgruppen, lueckenText, vorlagenMerkmale } from '../plans/altersgrenzen';
import { altersgruppenIn } from '../plans/merkmalwahl';
import { T } from '../texts';
import { ebenenDerStadt, stadtListe } from '../plans/gebietsgruppen';
import { berichtsjahrBestaetigt, berichtsjahrField } from '../plans/berichtsjahr';
import { newKey } from '../workbook/store';
import { flushQueue, send } from '../workbook/submit';
import { writeTemplateSheet } from '../workbook/template-sheet';
import { Env, Session, errorText } from './context';
import { EbeneField, MerkmalPicker, StadtField } from './pickers';
import { useSheetChoice } from './SheetChoice';
import { berichtsjahrFrage, useConfirm } from './Confirm';

/** A 409 as the pane shows it: the server's answer, the cells in question, and the sheet they came from. */
interface ShownConflict {
  conflict: Conflict;
  cells: ConflictCell[];
  info: TemplateInfo;
}

type Msg = { intent: 'success' | 'error' | 'warning' | 'info'; text: string } | null;

/** A template made elsewhere (Einwohnerdaten tab) to select for checking and submitting; seq tells repeats apart. */
/** Up to this many findings, every group of the list is open; more, and the clerk opens a group. */
const OPEN_ALL = 30;
/** Findings listed per group in the pane; the sheet written by "Liste in neues Blatt" has all. */
const SHOWN_PER_GROUP = 200;

export interface EntryFocus {
  sheet: string;
  text: string;
  seq: number;
}

export function EntryPanel(props: { env: Env; session: Session; focus?: EntryFocus | null }) {
  const { env, session } = props;
  const own = session.who.rolle === 'kommune' ? session.who.ags : '';
  const staedte = stadtListe(session.tree, own);
  const [stadt, setStadt] = useState(own || staedte[0]?.code || '');
  const [ebeneWahl, setEbene] = useState<Ebene>('gemeindeteil');
  // the levels the chosen Stadt has (Stadtbezirke only where the tree has them); a level the Stadt
  // lacks falls back to the first it has, never to an empty template
  const ebenen = ebenenDerStadt(session.tree, stadt, ['stadt', 'stadtbezirk', 'gemeindeteil', 'baublock']);
  const ebene = ebenen.includes(ebeneWahl) ? ebeneWahl : ebenen.includes('gemeindeteil') ? 'gemeindeteil' : ebenen[0] ?? ebeneWahl;
  const [period, setPeriod] = useState(session.periods[session.periods.length - 1] ?? String(new Date().getFullYear() - 1));
  const [merkmale, setMerkmale] = useState<Set<string>>(new Set());
  const [alterWahl, setAlterWahl] = useState<AltersWahl>({ art: 'katalog' });
  const [templates, setTemplates] = useState(env.store.templates());
  const [sheet, setSheet] = useState(Object.keys(templates)[0] ?? '');
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ShownConflict | null>(null);
  const { dialog, choose } = useSheetChoice(env.gateway);
  const { dialog: frageDialog, confirm } = useConfirm();
  const [queued, setQueued] = useState(env.store.queue().length);

  const role: Role = session.who;
  const available = merkmaleForLevel(session.catalogue, ebene);
  const stadtName = session.tree.get(stadt)?.name ?? stadt;

  const retry = async () => {
    const out = await flushQueue(session.api, env.store);
    setQueued(env.store.queue().length);
    const ok = out.find((o) => o.kind === 'angenommen');
    if (ok && ok.kind === 'angenommen') {
      await afterReceipt(ok.pending.sheet, ok.receipt.revisions, ok.receipt.revision);
      setMsg({ intent: 'success', text: `${T.quittung(ok.receipt.revision, ok.receipt.rowsAccepted, ok.receipt.submissionId)}${ok.receipt.replayed ? ` ${T.quittungWiederholt}` : ''}` });
    }
  };
  useEffect(() => {
    if (!props.focus) return;
    setTemplates(env.store.templates());
    setSheet(props.focus.sheet);
    setCheck(null);
    setConflict(null);
    setMsg({ intent: 'info', text: props.focus.text });
  }, [props.focus, env.store]);

  // submissions left in the workbook by an earlier network failure are retried on opening
  useEffect(() => {
    if (env.store.queue().length) void retry().catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const makeTemplate = async () => {
    setMsg(null);
    {
      // a year far ahead is asked about in a dialog before anything is written
      const nein = await berichtsjahrBestaetigt(period, env.now(), (frage) => confirm(berichtsjahrFrage(frage)), T.jahrNichtBestaetigt);
      if (nein) return setMsg({ intent: 'error', text: nein });
    }
    if (session.who.rolle === 'leser') return setMsg({ intent: 'error', text: T.vorlageNurKommune });
    // own age cuts: refused as the server would refuse them; a gap only when the clerk says so
    let eigene: string[] | null = null;
    if (alterWahl.art === 'eigene' && altersgruppenIn(available).length > 0) {
      const g = eigeneAltersgruppen(alterWahl.grenzen, session.catalogue);
      if (!g.ok) return setMsg({ intent: 'error', text: T.altersgrenzenFehler(g.grund) });
      if (g.luecken.length > 0) {
        const text = lueckenText(g.luecken);
        const ja = await confirm({ title: T.altersLueckeTitel, text: T.altersLueckeFrage(text), ja: T.altersLueckeJa, nein: T.altersLueckeNein });
        if (!ja) return setMsg({ intent: 'info', text: T.altersLueckeNicht });
      }
      eigene = g.ids;
    }
    const chosen = vorlagenMerkmale(available, merkmale, eigene);
    if (!chosen.length) return setMsg({ intent: 'error', text: T.merkmalWaehlen });
    try {
      setBusy(T.laedt('Stand des Servers'));
      // values the server holds already for this Stadt and period: the template opens with them, so
      // that a correction is made against what is stored, not blind
      const areas = new Set(session.tree.subtree(stadt).filter((c) => session.tree.get(c)?.ebene === ebene));
      const stored = await session.api.values(period.trim()).catch(() => []);
      const prefill = serverPrefill(stored, areas, chosen);
      const stand = deDateTime(env.now());
      const written = await writeTemplateSheet(
        { ...session, gateway: env.gateway, store: env.store, chooseSheet: choose },
        {
          sheet: `Erfassung ${stadtName} ${period.trim()}`, period, stadt, ebene, merkmale: chosen,
          ...(prefill.count ? { values: prefill.values, herkunft: T.vorausgefuellt(stand), valueNote: T.wertVomServer(stand) } : {}),
        },
      );
      if (!written) return setMsg({ intent: 'info', text: T.nichtsGeschrieben(`Erfassung ${stadtName} ${period.trim()}`) });
      const { info, rows } = written;
      setTemplates(env.store.templates());
      setSheet(info.sheet);
      setCheck(null);
      setConflict(null);
      setMsg({ intent: 'success', text: prefill.count ? T.vorlageVorausgefuellt(info.sheet, rows, prefill.count, stand) : T.vorlageFertig(info.sheet, rows) });
    } catch (e) {
      setMsg({ intent: 'error', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  const runCheck = async (): Promise<{ result: CheckResult; info: TemplateInfo; dataset: ReturnType<typeof readEntrySheet> } | null> => {
    const info = templates[sheet];
    if (!info) {
      setMsg({ intent: 'error', text: T.keineVorlage });
      return null;
    }
    const dataset = readEntrySheet(await env.gateway.readSheet(info.sheet), info);
    // what the server holds for the Stadt, so that the check sees what the server will see; offline the
    // check runs on the sheet alone (the server checks again in any case)
    // Only the own Stadt's values, as on the server: published values of other cities or of the Kreis
    // would make the check stricter than the server's. The previous year too, for the VORJAHR warnings.
    const own = (area: string) => role.rolle !== 'kommune' || session.tree.stadtOf(area) === role.ags;
    const table = async (period: string): Promise<ValueTable | undefined> => {
      const rows = await session.api.values(period).catch(() => null);
      if (!rows) return undefined;
      const t = new ValueTable();
      for (const v of rows) if (own(v.area)) t.set(v.area, v.variable, period, v.value);
      return t;
    };
    const [context, vorjahr] = await Promise.all([table(info.period), /^\d{4}$/.test(info.period) ? table(String(Number(info.period) - 1)) : Promise.resolve(undefined)]);
    const result = checkEntry(dataset, { catalogue: session.catalogue, tree: session.tree, submitter: role, ...(context ? { context } : {}), ...(vorjahr ? { vorjahr } : {}) });
    await env.gateway.applyMarks(info.sheet, result.marks, env.store.marks(info.sheet));
    await env.store.saveMarks(info.sheet, result.marks);
    setCheck(result);
    return { result, info, dataset };
  };

  const doCheck = async () => {
    setMsg(null);
    setConflict(null);
    try {
      const r = await runCheck();
      if (r) setMsg(r.result.ok && !r.result.warnings ? { intent: 'success', text: T.pruefungOk(r.result.rowsOk) } : { intent: r.result.ok ? 'warning' : 'error', text: T.pruefungFehler(r.result.errors, r.result.warnings) });
    } catch (e) {
      setMsg({ intent: 'error', text: errorText(e) });
    }
  };

  /** the full list of the last check on a new sheet (never over an existing one) */
  const writeFindings = async () => {
    if (!check) return;
    try {
      const name = freeSheetName(`Befunde ${sheet}`, await env.gateway.sheetNames());
      await env.gateway.writeSheet(findingsSheetPlan(name, sheet, check.items));
      setMsg({ intent: 'success', text: T.befundeGeschrieben(check.items.length, name) });
    } catch (e) {
      setMsg({ intent: 'error', text: errorText(e) });
    }
  };

  const afterReceipt = async (sheetName: string, revisions: Record<string, number>, revision: number) => {
    const info = env.store.templates()[sheetName];
    if (info) {
      await env.store.saveTemplate({ ...info, baseRevision: revisions[info.stadt] ?? revision });
      setTemplates(env.store.templates());
    }
  };

  const submit = async (baseOverride?: number) => {
    setMsg(null);
    setConflict(null);
    try {
      setBusy(T.sendet);
      const r = await runCheck();
      if (!r) return;
      if (!r.result.ok) return setMsg({ intent: 'error', text: T.erstPruefen });
      const body = submissionBody(r.dataset, baseOverride ?? r.info.baseRevision);
      const out = await send(session.api, env.store, { idempotencyKey: newKey(), sheet: r.info.sheet, body, queuedAt: env.now().toISOString(), attempts: 0 });
      setQueued(env.store.queue().length);
      if (out.kind === 'angenommen') {
        await afterReceipt(r.info.sheet, out.receipt.revisions, out.receipt.revision);
        setMsg({ intent: 'success', text: `${T.quittung(out.receipt.revision, out.receipt.rowsAccepted, out.receipt.submissionId)}${out.receipt.replayed ? ` ${T.quittungWiederholt}` : ''}` });
      } else if (out.kind === 'wartet') {
        setMsg({ intent: 'warning', text: out.error.message });
      } else if (out.error.kind === 'konflikt' && out.error.body?.error === 'REVISION_VERALTET') {
        const c = out.error.body as unknown as Conflict;
        setConflict({ conflict: c, cells: conflictCells(c, r.dataset, session.tree, session.catalogue), info: r.info });
        setMsg({ intent: 'warning', text: T.konflikt(session.tree.get(r.info.stadt)?.name ?? r.info.stadt) });
      } else {
        const errors = rejectedErrorCount(out.error.body);
        setMsg({ intent: 'error', text: errors ? `${T.abgelehnt(errors)} ${out.error.message}` : out.error.message });
      }
    } catch (e) {
      setMsg({ intent: 'error', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  /** "Werte vom Server übernehmen": the server's values into the sheet's cells; the template's base becomes the current state */
  const takeServerValues = async (shown: ShownConflict) => {
    setMsg(null);
    try {
      const cells = shown.cells.filter((c) => c.cell).map((c) => ({ row: c.cell!.row, col: c.cell!.col, value: c.server }));
      await env.gateway.writeCells(shown.info.sheet, cells);
      const info = env.store.templates()[shown.info.sheet] ?? shown.info;
      await env.store.saveTemplate({ ...info, baseRevision: shown.conflict.currentRevision ?? info.baseRevision });
      setTemplates(env.store.templates());
      setConflict(null);
      setCheck(null);
      setMsg({ intent: 'success', text: T.serverWerteUebernommen(cells.length, shown.info.sheet) });
    } catch (e) {
      setMsg({ intent: 'error', text: errorText(e) });
    }
  };

  /**
   * "Abbrechen": nothing is sent and nothing changes. The template keeps its old base on purpose: the
   * next Übermitteln meets the same 409 and offers the same choice again (with what the server holds then).
   */
  const cancelConflict = () => {
    setConflict(null);
    setMsg({ intent: 'info', text: T.nichtGesendet });
  };

  const wert = (v: number | string | null) => (v === null ? T.leer : typeof v === 'number' ? deNumber(v) : v);

  return (
    <div className="panel">
      {dialog}
      {frageDialog}
      <fieldset className="box">
        <legend>{T.vorlage}</legend>
        <StadtField tree={session.tree} own={own} value={stadt} onChange={setStadt} locked={!!own} />
        <EbeneField ebenen={ebenen} value={ebene} onChange={setEbene} />
        <Field label={T.vorlageJahr} {...berichtsjahrField(period, env.now())}><Input value={period} onChange={(_, d) => setPeriod(d.value)} inputMode="numeric" /></Field>
        <MerkmalPicker merkmale={available} selected={merkmale} onChange={setMerkmale} alter={{ wahl: alterWahl, onChange: setAlterWahl, catalogue: session.catalogue }} />
        <Button appearance="primary" onClick={() => void makeTemplate()} disabled={!!busy}>{T.vorlageErstellen}</Button>
      </fieldset>

      <fieldset className="box">
        <legend>{T.pruefen} und {T.uebermitteln}</legend>
        <Field label={T.pruefenBlatt}>
          <Select value={sheet} onChange={(_, d) => setSheet(d.value)}>
            {Object.keys(templates).length === 0 && <option value="">{T.keineVorlage}</option>}
            {Object.keys(templates).map((s) => <option key={s} value={s}>{s}</option>)}
          </Select>
        </Field>
        <div className="row">
          <Button onClick={() => void doCheck()} disabled={!!busy || !sheet}>{T.pruefen}</Button>
          <Button appearance="primary" onClick={() => void submit()} disabled={!!busy || !sheet}>{T.uebermitteln}</Button>
          {busy && <Spinner size="tiny" label={busy} />}
        </div>
        {msg && <MessageBar layout="multiline" intent={msg.intent} role={msg.intent === 'error' ? 'alert' : 'status'}><MessageBarBody data-testid="erfassung-meldung">{msg.text}</MessageBarBody></MessageBar>}
        {check && check.items.length > 0 && (
          <div className="findings-box">
            {groupFindings(check.items).map((g) => (
              <details key={`${g.severity}-${g.code}`} open={check.items.length <= OPEN_ALL} data-testid="befund-gruppe">
                <summary className={`finding ${g.severity}`}>{g.title}</summary>
                <ul className="findings" aria-label={g.title}>
                  {g.items.slice(0, SHOWN_PER_GROUP).map((it, i) => (
                    <li key={i}>
                      {it.cell ? (
                        <Button appearance="transparent" className={`finding ${it.finding.severity}`} data-testid="befund"
                          onClick={() => void env.gateway.selectCell(sheet, it.cell!.row, it.cell!.col)}>
                          {T.zelle(it.address!)}: {it.finding.detail}
                        </Button>
                      ) : (
                        <Text className={`finding ${it.finding.severity}`}>{it.finding.message}</Text>
                      )}
                    </li>
                  ))}
                  {g.items.length > SHOWN_PER_GROUP && <li><Text>{T.befundeWeitere(g.items.length - SHOWN_PER_GROUP)}</Text></li>}
                </ul>
              </details>
            ))}
            <div className="row">
              <Button onClick={() => void writeFindings()} disabled={!!busy}>{T.befundeInBlatt}</Button>
            </div>
          </div>
        )}
        {conflict && (
          <div className="box conflict" role="region" aria-label={T.aenderungenServer}>
            {(conflict.conflict.changes ?? []).map((c) => (
              <Text block key={c.submissionId}>{T.konfliktZeile(actorName(c.submittedBy, session.tree, session.who.token), deDateTime(c.submittedAt), c.rowCount)}</Text>
            ))}
            {conflict.cells.length > 0 ? (
              <>
                <Text block>{T.ueberschneidung(conflict.cells.length)}</Text>
                <table className="conflict-cells" data-testid="konflikt-zellen">
                  <thead>
                    <tr><th scope="col">{T.konfliktSpalten.gebiet}</th><th scope="col">{T.konfliktSpalten.merkmal}</th><th scope="col">{T.konfliktSpalten.meinWert}</th><th scope="col">{T.konfliktSpalten.server}</th></tr>
                  </thead>
                  <tbody>
                    {conflict.cells.map((c) => (
                      <tr key={`${c.area}|${c.variable}`}>
                        <td>{c.areaName}</td><td>{c.merkmalName}</td><td className="num">{wert(c.mine)}</td><td className="num">{wert(c.server)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : (
              <Text block>{T.keineUeberschneidung}</Text>
            )}
            <div className="row wrap">
              <Button appearance="primary" onClick={() => void submit(conflict.conflict.currentRevision)}>{T.meineWerteSenden}</Button>
              {conflict.cells.some((c) => c.cell) && <Button onClick={() => void takeServerValues(conflict)}>{T.serverWerteUebernehmen}</Button>}
              <Button onClick={cancelConflict}>{T.abbrechen}</Button>
            </div>
          </div>
        )}
        {queued > 0 && (
          <MessageBar layout="multiline" intent="warning"><MessageBarBody>{T.warteschlange(queued)} <Button size="small" onClick={() => void retry()}>{T.erneutVersuchen}</Button></MessageBarBody></MessageBar>
        )}
      </fieldset>
    </div>
  );
}
