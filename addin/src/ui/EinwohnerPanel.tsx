/**
 * Einwohnerdaten: the clerk picks the register extract (Bestand, optionally Bewegungen) and the
 * address-to-block table; the aggregation of shared/register runs here in the task pane on the file
 * bytes as they are read (Blob.stream: nothing uploaded, no file held whole), and its counts per area
 * become a pre-filled entry template. Checking and submitting that sheet is the Erfassung tab's job
 * (one submit path).
 */
import { Button, Field, Input, MessageBar, MessageBarBody, ProgressBar, Text } from '@fluentui/react-components';
import { useMemo, useState, type ChangeEvent } from 'react';
import type { Ebene } from '../../../shared';
import { ALTERSGRUPPEN } from '../../../shared/catalogue/altersgruppen';
import { aggregateRegister, stadtbezirkeDerGliederung, zuordnungLesen, type RegisterReport, type WerteZeile } from '../../../shared/register';
import type { AltersWahl } from '../plans/altersgrenzen';
import { defaultStichtag, einwohnerAltersgruppen, einwohnerEbenen, ohneBaublock, templateValues, zeilenDerCodes } from '../plans/einwohner';
import { stadtListe } from '../plans/gebietsgruppen';
import { writeTemplateSheet } from '../workbook/template-sheet';
import { fileChunks } from './file-stream';
import { EBENE_TEXT, T } from '../texts';
import { berichtsjahrBestaetigt, berichtsjahrField } from '../plans/berichtsjahr';
import { Env, Session, errorText } from './context';
import { useSheetChoice } from './SheetChoice';
import { berichtsjahrFrage, useConfirm } from './Confirm';
import { AltersgrenzenFeld, EbeneField, StadtField } from './pickers';

type Msg = { intent: 'success' | 'error' | 'warning' | 'info'; text: string } | null;
type Files = { bestand?: File; bewegungen?: File; zuordnung?: File };
interface Result {
  rows: WerteZeile[];
  report: RegisterReport;
  /** what the rows were made from, to notice a changed file or Stichtag before the take-over */
  key: string;
  /** the address table's name and, for codes the area tree does not know, the line they first appear on */
  zuordnung: { datei: string; zeilen: ReadonlyMap<string, number> };
}

const fileKey = (f: File | undefined) => (f ? `${f.name}:${f.size}:${f.lastModified}` : '-');
const inputKey = (files: Files, stichtag: string, alter: AltersWahl) =>
  [fileKey(files.bestand), fileKey(files.bewegungen), fileKey(files.zuordnung), stichtag.trim(), alter.art === 'eigene' ? alter.grenzen.trim() : 'katalog'].join('|');

/** The year of a Stichtag typed as TT.MM.JJJJ or JJJJ-MM-TT (null if it is neither; the aggregation names the problem). */
const yearOf = (s: string): string | null => /^\d{1,2}\.\d{1,2}\.(\d{4})$/.exec(s.trim())?.[1] ?? /^(\d{4})-\d{2}-\d{2}$/.exec(s.trim())?.[1] ?? null;

const SHOWN = 50;

export function EinwohnerPanel(props: { env: Env; session: Session; onTemplate: (sheet: string, text: string) => void; onOpenEntry: () => void }) {
  const { env, session } = props;
  const own = session.who.rolle === 'kommune' ? session.who.ags : '';
  const staedte = stadtListe(session.tree, own);
  const [stadt, setStadt] = useState(own || staedte[0]?.code || '');
  const [ebeneWahl, setEbene] = useState<Ebene>('baublock');
  // the levels of the chosen Stadt's tree that the count fills; a choice the Stadt lacks falls back to its finest
  const ebenen = einwohnerEbenen(session.tree, stadt);
  const ebene: Ebene = ebenen.includes(ebeneWahl) ? ebeneWahl : (ebenen[0] ?? 'stadt');
  const [alterWahl, setAlterWahl] = useState<AltersWahl>({ art: 'katalog' });
  const alter = einwohnerAltersgruppen(alterWahl);
  const [period, setPeriod] = useState(session.periods[session.periods.length - 1] ?? String(new Date().getFullYear() - 1));
  const [stichtag, setStichtag] = useState(defaultStichtag(period));
  const [stichtagTouched, setStichtagTouched] = useState(false);
  const [stichtagFalsch, setStichtagFalsch] = useState(false);
  const [files, setFiles] = useState<Files>({});
  const [busy, setBusy] = useState<{ text: string; value?: number } | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const { dialog, choose } = useSheetChoice(props.env.gateway);
  const { dialog: frageDialog, confirm } = useConfirm();
  const [done, setDone] = useState<string | null>(null);
  const stadtName = session.tree.get(stadt)?.name ?? stadt;

  const changePeriod = (p: string) => {
    setPeriod(p);
    // the Stichtag follows the period until the clerk types one
    if (!stichtagTouched) setStichtag(defaultStichtag(p));
  };

  const pick = (which: keyof Files) => (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.currentTarget.files?.[0];
    setFiles((prev) => {
      const next = { ...prev };
      if (f) next[which] = f;
      else delete next[which];
      return next;
    });
  };

  const run = async () => {
    setMsg(null);
    setDone(null);
    setResult(null);
    setStichtagFalsch(false);
    const { bestand, bewegungen, zuordnung } = files;
    if (!bestand) return setMsg({ intent: 'error', text: T.ew.dateiFehlt(T.ew.name.bestand) });
    if (!zuordnung) return setMsg({ intent: 'error', text: T.ew.dateiFehlt(T.ew.name.zuordnung) });
    if (!stichtag.trim()) {
      setStichtagFalsch(true);
      return setMsg({ intent: 'error', text: T.ew.stichtagFehlt });
    }
    if (!alter.ok) return setMsg({ intent: 'error', text: T.ew.altersgrenzenFehler(alter.grund) });
    const key = inputKey(files, stichtag, alterWahl);
    try {
      // one progress bar over the three files, by bytes read; none is held in memory as a whole
      const total = zuordnung.size + bestand.size + (bewegungen?.size ?? 0);
      let read = 0;
      const advance = (n: number) => {
        read += n;
        setBusy((b) => ({ text: b?.text ?? '', value: total ? read / total : 1 }));
      };
      setBusy({ text: T.ew.liest(zuordnung.name), value: 0 });
      const table = await zuordnungLesen(fileChunks(zuordnung, advance), zuordnung.name);
      setBusy((b) => ({ ...b, text: T.ew.liest(bestand.name) }));
      const res = await aggregateRegister(
        {
          bestand: fileChunks(bestand, advance),
          bestandDatei: bestand.name,
          ...(bewegungen ? { bewegungen: fileChunks(bewegungen, advance), bewegungenDatei: bewegungen.name } : {}),
          fortschritt: (datei, zeilen) => {
            setBusy((b) => ({ ...b, text: T.ew.zaehlt(datei, zeilen) }));
          },
          vorAbschluss: async (zeilen) => {
            // households and counts are one synchronous step: show what happens before it starts
            setBusy({ text: T.ew.haushalteBilden(zeilen) });
            await new Promise((r) => setTimeout(r, 0));
          },
        },
        {
          stichtag: stichtag.trim(),
          zuordnung: table,
          // the Stadtbezirke of the server's tree (Köln), so that a template of that level gets counts
          stadtbezirke: stadtbezirkeDerGliederung(session.tree.all()),
          ...(alter.altersgruppen ? { altersgruppen: alter.altersgruppen } : {}),
        },
      );
      // codes the area tree does not know are findings naming the table's line (read again only then)
      const fremd = new Set(res.rows.map((x) => x.area).filter((a) => !session.tree.has(a)));
      let zeilen: ReadonlyMap<string, number> = new Map();
      if (fremd.size > 0) {
        setBusy({ text: T.ew.sucheZeilen(zuordnung.name) });
        zeilen = await zeilenDerCodes(fileChunks(zuordnung), zuordnung.name, fremd);
      }
      setResult({ rows: res.rows, report: res.report, key, zuordnung: { datei: zuordnung.name, zeilen } });
      // a Kreis token may report for any Stadt: preselect the one the register is about
      if (!own) {
        const main = res.rows.filter((x) => x.variable === 'bevoelkerung' && session.tree.get(x.area)?.ebene === 'stadt').sort((x, y) => y.value - x.value)[0];
        if (main) setStadt(main.area);
      }
      const year = yearOf(stichtag);
      const notes = [
        ...(res.report.fehler > 0 ? [T.ew.mitFehlern(res.report.fehler)] : []),
        ...(year && year !== period.trim() ? [T.ew.stichtagAusserhalb(res.report.stichtag, period)] : []),
      ];
      setMsg({ intent: notes.length ? 'warning' : 'success', text: [T.ew.fertig(res.rows.length), ...notes].join(' ') });
    } catch (e) {
      // RegisterError, CsvFormatError, ZuordnungError: German, with file, line and column
      setMsg({ intent: 'error', text: T.ew.abgebrochen(errorText(e)) });
      setStichtagFalsch(errorText(e).startsWith('Stichtag'));
    } finally {
      setBusy(null);
    }
  };

  const plan = useMemo(
    () => (result ? templateValues(result.rows, { tree: session.tree, catalogue: session.catalogue, stadt, ebene }) : null),
    [result, session, stadt, ebene],
  );

  const takeOver = async () => {
    setMsg(null);
    {
      // a year far ahead is asked about in a dialog before anything is written
      const nein = await berichtsjahrBestaetigt(period, env.now(), (frage) => confirm(berichtsjahrFrage(frage)), T.jahrNichtBestaetigt);
      if (nein) return setMsg({ intent: 'error', text: nein });
    }
    setDone(null);
    if (!result || !plan) return setMsg({ intent: 'error', text: T.ew.erstAufbereiten });
    if (result.key !== inputKey(files, stichtag, alterWahl)) return setMsg({ intent: 'error', text: T.ew.veraltet });
    if (session.who.rolle === 'leser') return setMsg({ intent: 'error', text: T.vorlageNurKommune });
    if (plan.values.size === 0) return setMsg({ intent: 'error', text: T.ew.nichtsZuUebernehmen(stadtName, EBENE_TEXT[ebene]!) });
    try {
      setBusy({ text: T.laedt('Stand des Servers') });
      const written_ = await writeTemplateSheet(
        { ...session, gateway: env.gateway, store: env.store, chooseSheet: choose },
        {
          sheet: T.ew.blatt(period.trim(), EBENE_TEXT[ebene]!, stadtName),
          period,
          stadt,
          ebene,
          merkmale: plan.merkmale,
          values: plan.values,
          herkunft: T.ew.herkunft(result.report.bestand.datei, result.report.stichtag),
        },
        (d, t) => setBusy({ text: T.schreibt(d, t), value: t ? d / t : 1 }),
      );
      if (!written_) return setMsg({ intent: 'info', text: T.nichtsGeschrieben(T.ew.blatt(period.trim(), EBENE_TEXT[ebene]!, stadtName)) });
      const { info, written } = written_;
      const text = T.ew.uebernommen(info.sheet, plan.values.size, written);
      setDone(text);
      props.onTemplate(info.sheet, text);
    } catch (e) {
      setMsg({ intent: 'error', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  const r = result?.report;
  // people without a Baublock: which template holds them (none is dropped silently)
  const fehlend = r ? ohneBaublock(r.personenNachZuordnung, ebene) : null;
  const fileField = (which: keyof Files, label: string, required: boolean, hint?: string) => (
    <Field label={label} required={required} hint={hint}>
      {(p) => <input {...p} type="file" accept=".csv,.txt,text/csv,text/plain" data-testid={`datei-${which}`} onChange={pick(which)} disabled={!!busy} />}
    </Field>
  );

  return (
    <div className="panel">
      {dialog}
      {frageDialog}
      <Text>{T.ew.hinweis}</Text>
      <fieldset className="box">
        <legend>{T.ew.dateien}</legend>
        {fileField('bestand', T.ew.bestand, true)}
        {fileField('bewegungen', T.ew.bewegungen, false)}
        {fileField('zuordnung', T.ew.zuordnung, true, T.ew.zuordnungHilfe)}
        <Field label={T.vorlageJahr} {...berichtsjahrField(period, env.now())}><Input value={period} onChange={(_, d) => changePeriod(d.value)} inputMode="numeric" /></Field>
        <Field label={T.ew.stichtag} hint={T.ew.stichtagHilfe} validationState={stichtagFalsch ? 'error' : 'none'}>
          <Input value={stichtag} onChange={(_, d) => { setStichtag(d.value); setStichtagTouched(true); }} />
        </Field>
        <StadtField tree={session.tree} own={own} value={stadt} onChange={setStadt} locked={!!own} />
        <EbeneField ebenen={ebenen} value={ebene} onChange={setEbene} />
        <AltersgrenzenFeld wahl={alterWahl} onChange={setAlterWahl} katalog={ALTERSGRUPPEN.length} gelesen={alterWahl.art === 'eigene' ? (alter.ok ? { ok: true, ids: alter.altersgruppen! } : alter) : null} catalogue={session.catalogue} hilfe={T.ew.altersgrenzenHilfe} />
        <div className="row">
          <Button appearance="primary" onClick={() => void run()} disabled={!!busy}>{T.ew.aufbereiten}</Button>
        </div>
        {busy && (
          <Field validationMessage={busy.text} validationState="none" aria-label={T.fortschritt}>
            <ProgressBar value={busy.value} aria-label={T.fortschritt} data-testid="ew-fortschritt" />
          </Field>
        )}
        {msg && <MessageBar layout="multiline" intent={msg.intent} role={msg.intent === 'error' ? 'alert' : 'status'}><MessageBarBody data-testid="ew-meldung" style={{ whiteSpace: 'pre-line' }}>{msg.text}</MessageBarBody></MessageBar>}
      </fieldset>

      {r && (
        <section className="box" aria-label={T.ew.ergebnis} data-testid="ew-bericht">
          <Text weight="semibold">{T.ew.ergebnis} (Stichtag {r.stichtag})</Text>
          <Text block>{T.ew.bestandZeile(r.bestand.datei, r.bestand.kodierung, r.bestand.zeilen, r.bestand.gezaehlt, r.bestand.nebenwohnung, r.bestand.uebersprungen)}</Text>
          {r.bewegungen && (
            <Text block>{T.ew.bewegungenZeile(r.bewegungen.datei, r.bewegungen.zeilen, r.bewegungen.gezaehlt, r.bewegungen.ausserhalbZeitraum, r.bewegungen.uebersprungen, r.bewegungen.zeitraum)}</Text>
          )}
          <Text block>{T.ew.abgleich(r.personenNachZuordnung.baublock, r.personenNachZuordnung.gemeindeteil, r.personenNachZuordnung.strasse, r.personenNachZuordnung.ohne)}</Text>
          <Text block>{T.ew.haushalte(r.haushalte.haushalte, r.haushalte.personen, r.haushalte.minderjaehrigeOhneVerknuepfung, r.haushalte.ehegatteAndereAdresse)}</Text>
          {r.nichtZugeordnet.length > 0 && (
            <>
              <Text block>{T.ew.nichtZugeordnet(r.nichtZugeordnet.length)}:</Text>
              <ul className="findings" aria-label={T.ew.nichtZugeordnet(r.nichtZugeordnet.length)}>
                {r.nichtZugeordnet.slice(0, SHOWN).map((a, i) => (
                  <li key={i} data-testid="ew-adresse">{T.ew.adresse(a.gemeindeschluessel, a.strassenschluessel, `${a.hausnummer}${a.hausnummerzusatz}`, a.personen, a.ereignisse, a.gemeindeteil)}</li>
                ))}
                {r.nichtZugeordnet.length > SHOWN && <li>{T.ew.weitere(r.nichtZugeordnet.length - SHOWN)}</li>}
              </ul>
            </>
          )}
          <Text block>{T.ew.befunde(r.fehler, r.warnungen)}</Text>
          {r.befunde.length > 0 && (
            <ul className="findings" aria-label={T.befunde}>
              {r.befunde.slice(0, SHOWN).map((f, i) => (
                <li key={i} className={`finding ${f.severity}`} data-testid="ew-befund">{f.severity === 'fehler' ? 'Fehler' : 'Warnung'}: {f.message}</li>
              ))}
              {r.fehler + r.warnungen > Math.min(SHOWN, r.befunde.length) && <li>{T.ew.weitere(r.fehler + r.warnungen - Math.min(SHOWN, r.befunde.length))}</li>}
            </ul>
          )}
        </section>
      )}

      {plan && (
        <fieldset className="box">
          <legend>{T.vorlage}</legend>
          <Text block data-testid="ew-vorschau">{T.ew.vorschau(plan.merkmale.length, plan.values.size, EBENE_TEXT[ebene]!, stadtName)}</Text>
          {plan.withoutValue.length > 0 && <Text block>{T.ew.ohneWert(plan.withoutValue.length)}</Text>}
          {plan.otherLevels > 0 && <Text block>{T.ew.andereEbenen(plan.otherLevels)}</Text>}
          {fehlend && (
            <MessageBar layout="multiline" intent="warning"><MessageBarBody data-testid="ew-ohne-baublock">{T.ew.ohneBaublock(fehlend.gemeindeteil, fehlend.stadt, EBENE_TEXT[ebene]!)}</MessageBarBody></MessageBar>
          )}
          {(plan.leftOut.length > 0 || plan.notWritten.length > 0) && (
            <>
              <Text block>{T.ew.ausgelassen}</Text>
              <ul className="findings" aria-label={T.ew.ausgelassen}>
                {plan.leftOut.map((l) => (
                  <li key={l.variable} className="finding warnung" data-testid="ew-ausgelassen">
                    {l.reason === 'kein_merkmal' ? T.ew.keinMerkmal(l.variable, session.catalogue.version) : T.ew.zuFein(l.variable, EBENE_TEXT[l.tiefsteEbene!] ?? '', EBENE_TEXT[ebene]!)}
                  </li>
                ))}
                {plan.notWritten.slice(0, SHOWN).map((n) => (
                  <li key={n.area} className="finding warnung" data-testid="ew-ausgelassen">
                    {n.reason === 'andere_stadt' ? T.ew.andereStadt(n.area, session.tree.get(n.area)?.name ?? '', n.values, n.bevoelkerung) : T.ew.unbekannt(n.area, { datei: result!.zuordnung.datei, zeile: result!.zuordnung.zeilen.get(n.area) }, n.values, n.bevoelkerung)}
                  </li>
                ))}
                {plan.notWritten.length > SHOWN && <li>{T.ew.weitere(plan.notWritten.length - SHOWN)}</li>}
              </ul>
            </>
          )}
          <div className="row">
            <Button appearance="primary" onClick={() => void takeOver()} disabled={!!busy}>{T.ew.uebernehmen}</Button>
            {done && <Button onClick={props.onOpenEntry}>{T.pruefen} und {T.uebermitteln}</Button>}
          </div>
          {done && <MessageBar layout="multiline" intent="success" role="status"><MessageBarBody data-testid="ew-uebernommen">{done}</MessageBarBody></MessageBar>}
        </fieldset>
      )}
    </div>
  );
}
