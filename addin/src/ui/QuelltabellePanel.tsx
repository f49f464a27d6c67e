/**
 * Quelltabelle übernehmen: a source table open in the workbook (BA small-area delivery and the like)
 * is mapped column by column to Merkmale and becomes a pre-filled entry template, through the same
 * path as the Einwohnerdaten tab (templateValues → writeTemplateSheet). The import's findings name
 * sheet and cell; a click selects the cell. Checking and submitting stays with the Erfassung part.
 * The mapping is remembered in the workbook, found again next month by the area column's header.
 * An official table (GENESIS/Regionalstatistik CSV opened in Excel) needs no mapping: the pane says
 * what it recognised and takes it as `import tabelle` does (plans/quelltabelle-amtlich.ts); the
 * Stichtag's year against the chosen Berichtsjahr is asked, never picked silently. The mapping stays
 * available ("Trotzdem selbst zuordnen").
 */
import { Button, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Text, Textarea } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { ImportBefund, Zelle } from '../../../shared/io/tabelle-import';
import type { MemoryGateway } from '../excel/memory-gateway';
import {
  type Uebernahme,
  gebietsspalteVorschlag,
  kopfspalten,
  kopfzeileFinden,
  merkmalVorschlag,
  quelltabelleUebernehmen,
  tabelleAusText,
  zelleVon,
} from '../plans/quelltabelle';
import { type AmtlicheErkennung, amtlicheTabelleErkennen, amtlicheTabelleUebernehmen, amtlicheWerte, jahrAbgleich } from '../plans/quelltabelle-amtlich';
import { CellValue, safeSheetName } from '../plans/types';
import { EBENE_TEXT, T } from '../texts';
import { stadtListe } from '../plans/gebietsgruppen';
import { berichtsjahrField, checkBerichtsjahr } from '../plans/berichtsjahr';
import { type NewTemplate, writeTemplateSheet } from '../workbook/template-sheet';
import { Env, Session, errorText } from './context';
import { useSheetChoice } from './SheetChoice';
import { StadtField } from './pickers';

type Msg = { intent: 'success' | 'error' | 'warning' | 'info'; text: string } | null;

/** Excel cells as the import reads them (a boolean is text there). */
const alsZellen = (grid: CellValue[][]): Zelle[][] => grid.map((r) => r.map((v) => (typeof v === 'boolean' ? String(v) : v)));

const SHOWN = 100;

export function QuelltabellePanel(props: { env: Env; session: Session; onTemplate: (sheet: string, text: string) => void }) {
  const { env, session } = props;
  const own = session.who.rolle === 'kommune' ? session.who.ags : '';
  const staedte = stadtListe(session.tree, own);
  const [stadt, setStadt] = useState(own || staedte[0]?.code || '');
  const [period, setPeriod] = useState(session.periods[session.periods.length - 1] ?? String(new Date().getFullYear() - 1));
  const [blaetter, setBlaetter] = useState<string[]>([]);
  const [blatt, setBlatt] = useState('');
  const [grid, setGrid] = useState<Zelle[][] | null>(null);
  const [kopfzeile, setKopfzeile] = useState('');
  const [gebiet, setGebiet] = useState<number | null>(null);
  /** column index → Merkmal id */
  const [zuordnung, setZuordnung] = useState<Record<number, string>>({});
  const [vorschlaege, setVorschlaege] = useState<Set<number>>(new Set());
  const [ergebnis, setErgebnis] = useState<Uebernahme | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const { dialog, choose } = useSheetChoice(props.env.gateway);
  const [busy, setBusy] = useState<string | null>(null);
  /** the sheet as an official table (no mapping), and whether the clerk maps it anyway */
  const [amtlich, setAmtlich] = useState<AmtlicheErkennung | null>(null);
  const [aehnlich, setAehnlich] = useState<string | null>(null);
  const [selbst, setSelbst] = useState(false);
  /** the Berichtsjahr the clerk kept although the table's Stichtag lies in another year */
  const [jahrBestaetigt, setJahrBestaetigt] = useState<string | null>(null);
  const stadtName = session.tree.get(stadt)?.name ?? stadt;
  const katalogMerkmale = useMemo(() => [...session.catalogue.merkmale.values()], [session]);
  // an age header in other cuts („30 bis unter 35 Jahre“) is suggested as its band (bev_alter_30_34):
  // offered in the list too, else the select would show the suggestion as an empty choice
  const merkmale = useMemo(() => {
    const baender = [...new Set(Object.values(zuordnung))].filter((id) => id && !session.catalogue.merkmale.has(id));
    return [...katalogMerkmale, ...baender.flatMap((id) => session.catalogue.merkmal(id) ?? [])];
  }, [katalogMerkmale, zuordnung, session]);

  const zeile = Number(kopfzeile);
  const spalten = useMemo(() => (grid && Number.isInteger(zeile) && zeile >= 1 ? kopfspalten(grid, zeile) : []), [grid, zeile]);

  /** the sheets that can hold a source table: not the pane's own templates and pulls */
  const ladeBlaetter = async (waehle?: string) => {
    const eigene = new Set([...Object.keys(env.store.templates()), ...Object.keys(env.store.pulls())]);
    const namen = (await env.gateway.sheetNames()).filter((n) => !eigene.has(n));
    setBlaetter(namen);
    const next = waehle && namen.includes(waehle) ? waehle : namen.includes(blatt) ? blatt : (namen[0] ?? '');
    if (next) await oeffne(next);
    else setBlatt('');
  };
  useEffect(() => {
    void ladeBlaetter().catch((e) => setMsg({ intent: 'error', text: errorText(e) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** reads a sheet, finds its header row and fills the mapping: remembered, else suggested */
  const oeffne = async (name: string) => {
    setBlatt(name);
    setErgebnis(null);
    setMsg(null);
    setAmtlich(null);
    setAehnlich(null);
    setSelbst(false);
    setJahrBestaetigt(null);
    setBusy(T.qt.liest(name));
    try {
      const g = alsZellen(await env.gateway.readSheet(name, { datumAlsText: true }));
      setGrid(g);
      const e = amtlicheTabelleErkennen(g, { datei: T.qt.datei, blatt: name }, session);
      if (!('grund' in e)) setAmtlich(e);
      else if (e.amtlich) setAehnlich(e.grund);
      const gemerkt = env.store.quelltabellen();
      const k = kopfzeileFinden(g, gemerkt.map((z) => z.gebietsspalte));
      setKopfzeile(k === null ? '' : String(k));
      if (k === null) return setMsg('grund' in e ? { intent: 'warning', text: T.qt.keineKopfzeile(name) } : null);
      const kopf = kopfspalten(g, k);
      const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
      const alt = gemerkt.find((z) => kopf.some((s) => norm(s.text) === norm(z.gebietsspalte)));
      if (alt) {
        setGebiet(kopf.find((s) => norm(s.text) === norm(alt.gebietsspalte))!.spalte);
        const nachText = new Map(Object.entries(alt.spalten).map(([t, id]) => [norm(t), id]));
        setZuordnung(Object.fromEntries(kopf.flatMap((s) => (nachText.has(norm(s.text)) ? [[s.spalte, nachText.get(norm(s.text))!]] : []))));
        setVorschlaege(new Set());
        if ('grund' in e) setMsg({ intent: 'info', text: T.qt.gemerkt(alt.gebietsspalte) });
      } else {
        const g0 = gebietsspalteVorschlag(kopf);
        setGebiet(g0?.spalte ?? null);
        const z: Record<number, string> = {};
        const vergeben = new Set<string>();
        for (const s of kopf) {
          if (s.spalte === g0?.spalte) continue;
          const id = merkmalVorschlag(s.text, session.catalogue);
          if (id && !vergeben.has(id)) {
            z[s.spalte] = id;
            vergeben.add(id);
          }
        }
        setZuordnung(z);
        setVorschlaege(new Set(Object.keys(z).map(Number)));
      }
    } catch (e) {
      setMsg({ intent: 'error', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  /**
   * Writes the template of the chosen Stadt from taken-over values (both ways: mapped or official
   * table) and says how it went; `danach` runs only when something was written (e.g. remembering the mapping).
   */
  const vorlageSchreiben = async (
    v: Pick<NewTemplate, 'ebene' | 'merkmale' | 'herkunft'> & { values: NonNullable<NewTemplate['values']>; warnungen: number },
    danach?: () => Promise<void>,
  ): Promise<void> => {
    setBusy(T.laedt('Stand des Servers'));
    const sheet = T.qt.vorlageBlatt(period.trim(), EBENE_TEXT[v.ebene]!, stadtName);
    const written_ = await writeTemplateSheet(
      { ...session, gateway: env.gateway, store: env.store, chooseSheet: choose },
      { sheet, period, stadt, ebene: v.ebene, merkmale: v.merkmale, values: v.values, herkunft: v.herkunft },
      (d, t) => setBusy(T.schreibt(d, t)),
    );
    if (!written_) return setMsg({ intent: 'info', text: T.nichtsGeschrieben(sheet) });
    const { info, written } = written_;
    await danach?.();
    const text = T.qt.uebernommen(info.sheet, v.values.size, written, v.warnungen);
    setMsg({ intent: v.warnungen ? 'warning' : 'success', text });
    props.onTemplate(info.sheet, text);
  };

  const uebernehmen = async () => {
    setMsg(null);
    {
      const jahr = checkBerichtsjahr(period, env.now());
      if (!jahr.ok) return setMsg({ intent: 'error', text: jahr.text });
    }
    setErgebnis(null);
    if (session.who.rolle === 'leser') return setMsg({ intent: 'error', text: T.vorlageNurKommune });
    if (!blatt || !grid) return setMsg({ intent: 'error', text: T.qt.keinBlatt });
    if (amtlich && !selbst) return uebernehmenAmtlich(amtlich);
    if (!(Number.isInteger(zeile) && zeile >= 1)) return setMsg({ intent: 'error', text: T.qt.keineKopfzeile(blatt) });
    const gebietsKopf = spalten.find((s) => s.spalte === gebiet);
    if (!gebietsKopf) return setMsg({ intent: 'error', text: T.qt.gebietsspalte });
    const gewaehlt = spalten.filter((s) => s.spalte !== gebiet && zuordnung[s.spalte]);
    if (!gewaehlt.length) return setMsg({ intent: 'error', text: T.qt.keinMerkmalGewaehlt });
    const auswahl = { gebietsspalte: gebietsKopf.text, spalten: Object.fromEntries(gewaehlt.map((s) => [s.text, zuordnung[s.spalte]!])) };
    try {
      setBusy(T.qt.liest(blatt));
      // the sheet as it is now: the clerk may have corrected cells since choosing it
      const g = alsZellen(await env.gateway.readSheet(blatt, { datumAlsText: true }));
      setGrid(g);
      const u = quelltabelleUebernehmen(g, { datei: T.qt.datei, blatt }, { ...auswahl, kopfzeile: zeile }, { tree: session.tree, catalogue: session.catalogue, stadt });
      setErgebnis(u);
      if (!u.ergebnis.ok) return setMsg({ intent: 'error', text: T.qt.abgebrochen(u.ergebnis.fehler.length) });
      if (!u.werte || !u.ebene || u.werte.values.size === 0) return setMsg({ intent: 'error', text: T.qt.keineWerte(stadtName) });
      await vorlageSchreiben(
        { ebene: u.ebene, merkmale: u.merkmale, values: u.werte.values, warnungen: u.ergebnis.warnungen.length, herkunft: T.qt.herkunft(blatt, u.ergebnis.zusammenfassung) },
        () => env.store.saveQuelltabelle(auswahl),
      );
    } catch (e) {
      // ZuordnungFehler (a Merkmal twice …), network: German, with the entry concerned
      setMsg({ intent: 'error', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  /** the official table: no mapping; the year asked first; the sheet read anew and recognised again */
  const uebernehmenAmtlich = async (erkannt: AmtlicheErkennung) => {
    const jahr = period.trim();
    if (jahrAbgleich(erkannt.periode, jahr, jahrBestaetigt) === 'abweichend') return setMsg({ intent: 'error', text: T.qt.jahrErst });
    try {
      setBusy(T.qt.liest(blatt));
      const g = alsZellen(await env.gateway.readSheet(blatt, { datumAlsText: true }));
      setGrid(g);
      const u = amtlicheTabelleUebernehmen(g, { datei: T.qt.datei, blatt }, { tree: session.tree, catalogue: session.catalogue, stadt });
      if ('grund' in u) {
        setAmtlich(null);
        return setMsg({ intent: 'error', text: T.qt.amtlichNichtMehr(u.grund) });
      }
      setAmtlich(u.erkennung);
      setErgebnis(u);
      if (jahrAbgleich(u.erkennung.periode, jahr, jahrBestaetigt) === 'abweichend') return setMsg({ intent: 'error', text: T.qt.jahrErst });
      if (!u.ergebnis.ok) return setMsg({ intent: 'error', text: T.qt.abgebrochen(u.ergebnis.fehler.length) });
      if (!u.werte || !u.ebene || u.werte.values.size === 0) return setMsg({ intent: 'error', text: T.qt.amtlichKeineZeile(stadtName) });
      await vorlageSchreiben({
        ebene: u.ebene,
        merkmale: u.merkmale,
        values: u.werte.values,
        warnungen: u.ergebnis.warnungen.length,
        herkunft: T.qt.herkunftAmtlich(blatt, u.erkennung.titel, u.erkennung.stichtag, u.ergebnis.zusammenfassung),
      });
    } catch (e) {
      setMsg({ intent: 'error', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  /** what the template for the chosen Stadt would get from the recognised table */
  const vorschau = useMemo(
    () => (amtlich ? amtlicheWerte(amtlich.ergebnis, { tree: session.tree, catalogue: session.catalogue, stadt }) : null),
    [amtlich, session, stadt],
  );
  const merkmalText = (id: string) => `${session.catalogue.merkmal(id)?.name ?? id} (${id})`;
  // asked only about a year that could be one (an invalid entry has its own message at the field)
  const jahrStand = amtlich && /^\d{4}$/.test(period.trim()) ? jahrAbgleich(amtlich.periode, period, jahrBestaetigt) : null;

  const befunde: ImportBefund[] = ergebnis ? [...ergebnis.ergebnis.fehler, ...ergebnis.ergebnis.warnungen] : [];
  const werte = ergebnis?.werte;

  return (
    <fieldset className="box">
      {dialog}
      <legend>{T.qt.titel}</legend>
      <Text block>{T.qt.hinweis}</Text>
      {env.gateway.kind === 'vorschau' && 'putTable' in env.gateway && (
        <VorschauEinfuegen gateway={env.gateway as MemoryGateway} onDone={(name) => void ladeBlaetter(name)} />
      )}
      <StadtField tree={session.tree} own={own} value={stadt} onChange={setStadt} locked={!!own} />
      <Field label={T.vorlageJahr} {...berichtsjahrField(period, env.now())}><Input value={period} onChange={(_, d) => setPeriod(d.value)} inputMode="numeric" /></Field>
      <div className="row">
        <Field label={T.qt.blatt}>
          <Select value={blatt} onChange={(_, d) => void oeffne(d.value)}>
            {blaetter.length === 0 && <option value="">{T.qt.keinBlatt}</option>}
            {blaetter.map((n) => <option key={n} value={n}>{n}</option>)}
          </Select>
        </Field>
        <Button onClick={() => void ladeBlaetter()} disabled={!!busy}>{T.qt.neuEinlesen}</Button>
      </div>
      {amtlich && !selbst && (
        <fieldset className="box" data-testid="qt-amtlich">
          <Text block weight="semibold" data-testid="qt-erkannt">
            {T.qt.amtlichErkannt(amtlich.titel, amtlich.nummer, amtlich.stichtag, amtlich.gebiete, amtlich.ausserhalb)}
          </Text>
          {vorschau?.ebene && vorschau.werte && vorschau.werte.values.size > 0
            ? <Text block>{T.qt.amtlichFuellt(stadtName, EBENE_TEXT[vorschau.ebene]!, vorschau.merkmale.map(merkmalText).join(', '))}</Text>
            : amtlich.ergebnis.ok && <Text block>{T.qt.amtlichKeineZeile(stadtName)}</Text>}
          {vorschau?.werte && vorschau.werte.leftOut.length > 0 && (
            <Text block>{T.qt.amtlichNichtInVorlage(vorschau.werte.leftOut.map((l) =>
              l.reason === 'kein_merkmal' ? T.ew.keinMerkmal(l.variable, session.catalogue.version) : T.ew.zuFein(merkmalText(l.variable), EBENE_TEXT[l.tiefsteEbene!] ?? '', EBENE_TEXT[vorschau.ebene!] ?? '')).join('; '))}</Text>
          )}
          {amtlich.ergebnis.hinweise.map((h) => <Text block key={h} size={200}>{h}</Text>)}
          {jahrStand === 'ohne' && <Text block>{T.qt.ohneStichtag(period.trim())}</Text>}
          {jahrStand === 'bestaetigt' && <Text block>{T.qt.jahrBestaetigt(amtlich.stichtag ?? '', period.trim())}</Text>}
          {jahrStand === 'abweichend' && (
            <MessageBar layout="multiline" intent="warning">
              <MessageBarBody data-testid="qt-jahrfrage">
                {T.qt.jahrFrage(amtlich.stichtag ?? amtlich.periode!, amtlich.periode!, period.trim())}
                <div className="row">
                  <Button appearance="primary" onClick={() => setPeriod(amtlich.periode!)}>{T.qt.jahrDerTabelle(amtlich.periode!)}</Button>
                  <Button onClick={() => setJahrBestaetigt(period.trim())}>{T.qt.jahrBleiben(period.trim())}</Button>
                </div>
              </MessageBarBody>
            </MessageBar>
          )}
          <div className="row"><Button onClick={() => { setSelbst(true); setErgebnis(null); setMsg(null); }}>{T.qt.selbstZuordnen}</Button></div>
        </fieldset>
      )}
      {amtlich && selbst && <div className="row"><Button onClick={() => { setSelbst(false); setErgebnis(null); setMsg(null); }}>{T.qt.automatischLesen}</Button></div>}
      {aehnlich && <Text block>{T.qt.amtlichAehnlich(aehnlich)}</Text>}
      {grid && (!amtlich || selbst) && (
        <>
          <Field label={T.qt.kopfzeile} hint={T.qt.kopfzeileHilfe}>
            <Input value={kopfzeile} onChange={(_, d) => setKopfzeile(d.value)} inputMode="numeric" />
          </Field>
          {spalten.length > 0 && (
            <>
              <Field label={T.qt.gebietsspalte}>
                <Select value={gebiet === null ? '' : String(gebiet)} onChange={(_, d) => setGebiet(d.value === '' ? null : Number(d.value))}>
                  {spalten.map((s) => <option key={s.spalte} value={s.spalte}>{s.adresse}: {s.text}</option>)}
                </Select>
              </Field>
              <fieldset className="box">
                <legend>{T.qt.spalten}</legend>
                {spalten.filter((s) => s.spalte !== gebiet).map((s) => (
                  <Field key={s.spalte} label={T.qt.spalteLabel(s.adresse, s.text)} hint={vorschlaege.has(s.spalte) && zuordnung[s.spalte] ? T.qt.vorgeschlagen : undefined}>
                    <Select value={zuordnung[s.spalte] ?? ''} data-spalte={s.adresse} root={{ style: { maxWidth: '100%' } }} select={{ style: { width: '100%' } }}
                      onChange={(_, d) => { setZuordnung((z) => ({ ...z, [s.spalte]: d.value })); setVorschlaege((v) => { const n = new Set(v); n.delete(s.spalte); return n; }); }}>
                      <option value="">{T.qt.nichtUebernehmen}</option>
                      {merkmale.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.id})</option>)}
                    </Select>
                  </Field>
                ))}
              </fieldset>
            </>
          )}
        </>
      )}
      <div className="row">
        <Button appearance="primary" onClick={() => void uebernehmen()} disabled={!!busy || !blatt}>{T.qt.uebernehmen}</Button>
        {busy && <Spinner size="tiny" label={busy} />}
      </div>
      {msg && <MessageBar layout="multiline" intent={msg.intent} role={msg.intent === 'error' ? 'alert' : 'status'}><MessageBarBody data-testid="qt-meldung">{msg.text}</MessageBarBody></MessageBar>}
      {werte && ergebnis?.ebene && werte.otherLevels > 0 && <Text block>{T.qt.andereEbenen(werte.otherLevels, EBENE_TEXT[ergebnis.ebene]!)}</Text>}
      {werte && werte.notWritten.length > 0 && (
        <ul className="findings">{werte.notWritten.map((n) => <li key={n.area} className="finding warnung">{T.qt.nichtEingetragen(n.area, session.tree.get(n.area)?.name, n.zelle, n.values)}</li>)}</ul>
      )}
      {befunde.length > 0 && (
        <ul className="findings" aria-label={T.qt.befunde}>
          {befunde.slice(0, SHOWN).map((b, i) => {
            const z = b.zelle ? zelleVon(b.zelle) : null;
            const label = `${b.schwere === 'fehler' ? 'Fehler' : 'Warnung'}: ${b.meldung}`;
            return (
              <li key={i}>
                {z ? (
                  <Button appearance="transparent" className={`finding ${b.schwere}`} data-testid="qt-befund" data-zelle={b.zelle}
                    onClick={() => void env.gateway.selectCell(blatt, z.row, z.col)}>{label}</Button>
                ) : (
                  <Text className={`finding ${b.schwere}`} data-testid="qt-befund">{label}</Text>
                )}
              </li>
            );
          })}
          {befunde.length > SHOWN && <li>{T.ew.weitere(befunde.length - SHOWN)}</li>}
        </ul>
      )}
    </fieldset>
  );
}

/** Browser preview only: a table copied from a spreadsheet becomes a sheet of the in-memory workbook. */
function VorschauEinfuegen(props: { gateway: MemoryGateway; onDone: (name: string) => void }) {
  const [textValue, setText] = useState('');
  const [name, setName] = useState('Quelltabelle');
  return (
    <fieldset className="box">
      <legend>{T.qt.vorschauEinfuegen}</legend>
      <Field label={T.qt.vorschauName}><Input value={name} onChange={(_, d) => setName(d.value)} /></Field>
      <Field label={T.qt.vorschauText}><Textarea value={textValue} onChange={(_, d) => setText(d.value)} resize="vertical" /></Field>
      <Button disabled={!textValue.trim() || !name.trim()}
        onClick={() => { props.gateway.putTable(safeSheetName(name.trim()), tabelleAusText(textValue)); props.onDone(safeSheetName(name.trim())); }}>
        {T.qt.vorschauButton}
      </Button>
    </fieldset>
  );
}
