import { deDateTime } from '../../../shared';
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, ProgressBar, Radio, RadioGroup, Select, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { berichtLinks } from '../plans/bericht';
import { buildChartPlan } from '../plans/chart';
import { IndicatorRow, PullRequest, buildPullPlan, ladeFortschritt } from '../plans/pull';
import { safeSheetName } from '../plans/types';
import { T } from '../texts';
import { Env, Session, errorText } from './context';
import { AreaPicker, KennzahlPicker } from './pickers';
import { useSheetChoice } from './SheetChoice';

export interface Busy {
  label: string;
  value?: number;
}

/** Fetches a pull's rows (every period) and writes its table; returns the rows for charts. */
export async function runPull(env: Env, session: Session, req: PullRequest, progress: (b: Busy | null) => void): Promise<IndicatorRow[]> {
  // determinate from the start: areas × years loaded of all, then rows written of all
  progress(ladeFortschritt(0, req.areas.length, 0, req.periods.length));
  const rows: IndicatorRow[] = [];
  for (const [i, p] of req.periods.entries()) {
    rows.push(...(await session.api.indicators(p, req.kennzahlen, req.areas, (n) => progress(ladeFortschritt(n, req.areas.length, i, req.periods.length)), session.tree)));
  }
  const plan = buildPullPlan(req, rows, {
    catalogue: session.catalogue, areas: session.areaMap, server: session.api.base,
    fetchedAt: deDateTime(env.now()), demo: session.health.demo,
  });
  await env.gateway.writeSheet(plan, (done, total) => progress({ label: T.schreibt(done, total), value: total ? done / total : 1 }));
  await env.store.savePull(req);
  progress(null);
  return rows;
}

export function PullPanel(props: { env: Env; session: Session }) {
  const { env, session } = props;
  const [kennzahlen, setKennzahlen] = useState<Set<string>>(new Set());
  const [areas, setAreas] = useState<Set<string>>(new Set());
  const periods = session.periods;
  const [years, setYears] = useState<Set<string>>(new Set(periods.slice(-1)));
  const [format, setFormat] = useState<'breit' | 'lang'>('breit');
  const [sheet, setSheet] = useState('Kennzahlen');
  const [busy, setBusy] = useState<Busy | null>(null);
  const [msg, setMsg] = useState<{ intent: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [pulled, setPulled] = useState<Record<string, IndicatorRow[]>>({});
  const [stored, setStored] = useState(env.store.pulls());
  const [chartSheet, setChartSheet] = useState<string>('');
  const [chartKennzahl, setChartKennzahl] = useState<string>('');
  const [chartKind, setChartKind] = useState<'balken' | 'linie'>('balken');
  const { dialog, choose } = useSheetChoice(env.gateway);

  const order = (codes: Set<string>) => [...codes].sort();
  const doPull = async (req: PullRequest) => {
    setMsg(null);
    try {
      const rows = await runPull(env, session, req, setBusy);
      setPulled((p) => ({ ...p, [req.sheet]: rows }));
      setStored(env.store.pulls());
      setChartSheet(req.sheet);
      setChartKennzahl(req.kennzahlen[0]!);
      setMsg({ intent: 'success', text: T.abgerufen(req.areas.length * req.periods.length * (req.format === 'lang' ? req.kennzahlen.length : 1), req.sheet) });
    } catch (e) {
      setBusy(null);
      setMsg({ intent: 'error', text: errorText(e) });
    }
  };
  // a new pull never replaces a sheet without asking; "Aktualisieren" (doPull of a stored pull) refreshes its own sheet
  const pull = async () => {
    setMsg(null);
    if (!kennzahlen.size || !areas.size || !years.size) return setMsg({ intent: 'error', text: T.abrufFehlt });
    try {
      const target = await choose(safeSheetName(sheet));
      if (!target) return setMsg({ intent: 'info', text: T.nichtsGeschrieben(safeSheetName(sheet)) });
      await doPull({ sheet: target, kennzahlen: [...kennzahlen], areas: order(areas), periods: [...years].sort(), format });
    } catch (e) {
      setMsg({ intent: 'error', text: errorText(e) });
    }
  };
  const chart = async () => {
    const req = stored[chartSheet];
    if (!req) return setMsg({ intent: 'error', text: T.keinAbrufFuerDiagramm });
    try {
      let rows = pulled[chartSheet];
      if (!rows) {
        rows = [];
        for (const p of req.periods) rows.push(...(await session.api.indicators(p, req.kennzahlen, req.areas, undefined, session.tree)));
      }
      const built = buildChartPlan(req, rows, session.catalogue, session.areaMap, chartKennzahl || req.kennzahlen[0]!, chartKind);
      const target = await choose(built.sheet);
      if (!target) return setMsg({ intent: 'info', text: T.nichtsGeschrieben(built.sheet) });
      const plan = { ...built, sheet: target };
      await env.gateway.insertChart(plan);
      setMsg({ intent: 'success', text: T.diagrammFertig(plan.sheet) });
    } catch (e) {
      setMsg({ intent: 'error', text: errorText(e) });
    }
  };

  return (
    <div className="panel">
      {dialog}
      <KennzahlPicker session={session} selected={kennzahlen} onChange={setKennzahlen} />
      <AreaPicker session={session} selected={areas} onChange={setAreas} />
      <fieldset className="box">
        <legend>{T.zeitraum}</legend>
        <div className="row wrap">
          {periods.map((p) => (
            <Checkbox key={p} label={p} checked={years.has(p)} onChange={(_, d) => { const n = new Set(years); if (d.checked) n.add(p); else n.delete(p); setYears(n); }} />
          ))}
        </div>
      </fieldset>
      <Field label={T.format}>
        <RadioGroup value={format} onChange={(_, d) => setFormat(d.value as 'breit' | 'lang')}>
          <Radio value="breit" label={T.breit} />
          <Radio value="lang" label={T.lang} />
        </RadioGroup>
      </Field>
      <Field label={T.blattname}><Input value={sheet} onChange={(_, d) => setSheet(d.value)} /></Field>
      <Button appearance="primary" onClick={() => void pull()} disabled={!!busy}>{T.abrufen}</Button>
      {busy && (
        <Field label={busy.label} validationState="none"><ProgressBar value={busy.value} aria-label={T.fortschritt} /></Field>
      )}
      {msg && <MessageBar layout="multiline" intent={msg.intent} role={msg.intent === 'error' ? 'alert' : 'status'}><MessageBarBody>{msg.text}</MessageBarBody></MessageBar>}

      <fieldset className="box">
        <legend>{T.gespeicherteAbrufe}</legend>
        {Object.keys(stored).length === 0 && <Text>{T.keineAbrufe}</Text>}
        {Object.values(stored).map((r) => (
          <div key={r.sheet} className="row">
            <Text>{r.sheet}: {r.kennzahlen.length} Kennzahlen, {r.areas.length} Gebiete, {r.periods.join(', ')}</Text>
            <Button size="small" onClick={() => void doPull(r)} disabled={!!busy}>{T.aktualisieren}</Button>
          </div>
        ))}
      </fieldset>

      <fieldset className="box" data-testid="sozialbericht">
        <legend>{T.sozialbericht}</legend>
        <Text block>{T.sozialberichtHinweis}</Text>
        <ul>
          {berichtLinks(session.api.base, session.catalogue, kennzahlen, years).map((l) => (
            // a plain link: Office opens target=_blank in the user's browser, the preview in a new tab
            <li key={l.kapitel}><a href={l.href} target="_blank" rel="noopener noreferrer">{T.sozialberichtKapitel(l.kapitel, [...years].sort().at(-1))}</a></li>
          ))}
        </ul>
      </fieldset>

      <fieldset className="box">
        <legend>{T.diagramm}</legend>
        <Field label={T.abruf}>
          <Select value={chartSheet} onChange={(_, d) => setChartSheet(d.value)}>
            <option value="">–</option>
            {Object.keys(stored).map((s) => <option key={s} value={s}>{s}</option>)}
          </Select>
        </Field>
        <Field label={T.diagrammKennzahl}>
          <Select value={chartKennzahl} onChange={(_, d) => setChartKennzahl(d.value)}>
            {(stored[chartSheet]?.kennzahlen ?? []).map((id) => <option key={id} value={id}>{session.catalogue.kennzahlen.get(id)?.name ?? id}</option>)}
          </Select>
        </Field>
        <RadioGroup value={chartKind} onChange={(_, d) => setChartKind(d.value as 'balken' | 'linie')} aria-label={T.diagramm}>
          <Radio value="balken" label={T.balken} />
          <Radio value="linie" label={T.linie} />
        </RadioGroup>
        <Button onClick={() => void chart()}>{T.diagrammEinfuegen}</Button>
      </fieldset>
    </div>
  );
}
