/**
 * The Sozialindex setting form of the report (issue 16): the Kennzahlen chosen by name from the
 * catalogue (grouped by Handlungsfeld), each with its direction in words and its weight, plus the
 * Vergleichsjahr of the Dynamikindex. Anyone may try a setting ("Neu berechnen": a what-if, never
 * saved); saving it as the agreed setting (PUT /api/sozialindex/settings) is the Kreis's: the save
 * button stays disabled with a sentence why until a Kreis token is entered (checked with
 * /api/whoami; the server enforces the role anyway), and saving asks in the page for confirmation
 * with a summary by names and a required comment. A native window.confirm is avoided on purpose:
 * it cannot be styled or read back, and headless browsers dismiss it.
 * Server errors are shown next to the field they name, rewritten with the Kennzahl's name.
 */
import { $ } from './dom';

export interface Indikator { id: string; richtung: number; gewicht: number }
export interface FormKennzahl { id: string; name: string; handlungsfeld: string }
/** The setting in force as the report's meta gives it. */
export interface Vereinbart { indikatoren: Indikator[]; vergleichsjahr?: string | null; version: number | null }

export const richtungText = (richtung: number): string => (richtung === -1 ? 'höherer Wert = weniger Handlungsbedarf' : 'höherer Wert = mehr Handlungsbedarf');
const gewichtText = (g: number): string => (Number.isFinite(g) ? String(g).replace('.', ',') : '(keine Zahl)');

/** "Anteil … (sgb2_quote): höherer Wert = mehr Handlungsbedarf, Gewicht 0,5": a Kennzahl by name, its id in brackets. */
export function beschreibeIndikator(c: Indikator, nameOf: (id: string) => string | undefined): string {
  const name = nameOf(c.id);
  return `${name ? `${name} (${c.id})` : c.id}: ${richtungText(c.richtung)}, Gewicht ${gewichtText(c.gewicht)}`;
}

/** The `indikatoren` query parameter of /bericht/daten/sozialindex ("id:richtung:gewicht,…"). */
export const indikatorenParam = (list: readonly Indikator[]): string => list.map((c) => `${c.id}:${c.richtung}:${Number.isFinite(c.gewicht) ? c.gewicht : ''}`).join(',');

/** Reads a shared what-if link's `?indikatoren=`; anything unreadable is left to the server to name. */
export function parseIndikatorenParam(text: string): Indikator[] {
  return text.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
    const [id = '', r = '1', g = '1'] = p.split(':');
    return { id: id.trim(), richtung: r.trim() === '-1' ? -1 : 1, gewicht: g.trim() === '' ? NaN : Number(g) };
  });
}

/** a row of the table (and the field of it named, if any), a field of the form, or the form as a whole */
export type FehlerOrt = { row: number; feld?: string } | { feld: 'kommentar' | 'vergleichsjahr' } | { allgemein: true };
const FELD: Record<string, string> = { id: 'Kennzahl', richtung: 'Richtung', gewicht: 'Gewicht' };

/**
 * Where a server message (shared/sozialindex/einstellung.ts: `Feld „indikatoren[1].gewicht“
 * (Kennzahl „x“): …`) belongs in the form, and its text with the Kennzahl's name instead of the
 * field path. `sent` is the list as sent, so that an index names the row.
 */
export function ordneFehler(message: string, sent: readonly Indikator[], nameOf: (id: string) => string | undefined): { ort: FehlerOrt; text: string } {
  const row = /^Feld „indikatoren\[(\d+)\](?:\.(\w+))?“(?: \(Kennzahl „[^“]*“\))?: ([\s\S]*)$/.exec(message);
  if (row && sent[Number(row[1])]) {
    const c = sent[Number(row[1])]!;
    const name = nameOf(c.id);
    return { ort: { row: Number(row[1]), ...(row[2] ? { feld: row[2] } : {}) }, text: `${FELD[row[2] ?? ''] ?? 'Eintrag'} von „${name ?? c.id}“${name ? ` (${c.id})` : ''}: ${row[3]}` };
  }
  const feld = /^Feld „(kommentar|vergleichsjahr)“: ([\s\S]*)$/.exec(message);
  if (feld) return { ort: { feld: feld[1] as 'kommentar' | 'vergleichsjahr' }, text: `${feld[1] === 'kommentar' ? 'Anmerkung' : 'Vergleichsjahr'}: ${feld[2]}` };
  return { ort: { allgemein: true }, text: message };
}

let uid = 0;
const nextId = (stem: string) => `${stem}-${++uid}`;

export interface SozialindexFormOptions {
  kennzahlen: FormKennzahl[];
  handlungsfelder: string[];
  vereinbart: Vereinbart;
  /** years with published data: the choices of the Vergleichsjahr (all but the newest) */
  periods: string[];
  /** a what-if from the page's link (?indikatoren=); otherwise the agreed setting */
  start?: Indikator[];
  /** recompute the chapter (after "Neu berechnen", a reset or a save) */
  neuBerechnen: () => void;
}

export interface SozialindexForm {
  element: HTMLElement;
  /** "&indikatoren=…&von=…" when the form differs from the agreed setting, else "" */
  query: () => string;
  nameOf: (id: string) => string | undefined;
}

export function sozialindexForm(o: SozialindexFormOptions): SozialindexForm {
  const byId = new Map(o.kennzahlen.map((k) => [k.id, k]));
  const nameOf = (id: string) => byId.get(id)?.name;
  let vereinbart = o.vereinbart;

  // --- the chosen Kennzahlen: one table row each (name, direction, weight, remove)
  const tbody = $('tbody');
  const rows: { id: string; richtung: HTMLSelectElement; gewicht: HTMLInputElement; fehler: HTMLElement; tr: HTMLTableRowElement }[] = [];
  const leer = $('p', { className: 'keine-kennzahl', hidden: true }, 'Noch keine Kennzahl gewählt: bitte unten mindestens eine hinzufügen.');
  const addRow = (c: Indikator) => {
    const name = nameOf(c.id) ?? c.id;
    const richtung = $('select', { className: 'richtung' }, $('option', { value: '1' }, richtungText(1)), $('option', { value: '-1' }, richtungText(-1)));
    richtung.value = c.richtung === -1 ? '-1' : '1';
    richtung.setAttribute('aria-label', `Richtung für „${name}“`);
    const fehler = $('span', { className: 'feldfehler fehler', id: nextId('si-fehler') });
    richtung.setAttribute('aria-describedby', fehler.id);
    const gewicht = $('input', { type: 'number', className: 'gewicht', min: '0.01', max: '100', step: 'any', value: Number.isFinite(c.gewicht) ? String(c.gewicht) : '' });
    gewicht.setAttribute('aria-label', `Gewicht für „${name}“`);
    gewicht.setAttribute('aria-describedby', fehler.id);
    const remove = $('button', { type: 'button', className: 'entfernen' }, 'Entfernen');
    remove.setAttribute('aria-label', `„${name}“ entfernen`);
    const tr = $('tr', { className: 'indikator' }, $('th', { scope: 'row' }, nameOf(c.id) ? `${name} (${c.id})` : c.id), $('td', {}, richtung), $('td', {}, gewicht, ' ', fehler), $('td', {}, remove));
    tr.dataset.id = c.id;
    const row = { id: c.id, richtung, gewicht, fehler, tr };
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      tr.remove();
      changed();
      neu.focus();
    });
    rows.push(row);
    tbody.append(tr);
  };
  const current = (): Indikator[] => rows.map((r) => ({ id: r.id, richtung: Number(r.richtung.value), gewicht: r.gewicht.value.trim() === '' ? NaN : Number(r.gewicht.value) }));
  const setRows = (list: readonly Indikator[]) => {
    rows.splice(0);
    tbody.replaceChildren();
    list.forEach(addRow);
    changed();
  };

  // --- adding: every catalogue Kennzahl not yet chosen, by name, grouped by Handlungsfeld
  const neu = $('select', { className: 'kennzahl-neu' });
  const add = $('button', { type: 'button', className: 'hinzufuegen' }, 'Hinzufügen');
  const fillChoices = () => {
    const chosen = new Set(rows.map((r) => r.id));
    const felder = [...o.handlungsfelder, ...new Set(o.kennzahlen.map((k) => k.handlungsfeld).filter((f) => !o.handlungsfelder.includes(f)))];
    neu.replaceChildren($('option', { value: '' }, '– Kennzahl wählen –'), ...felder.flatMap((f) => {
      const ks = o.kennzahlen.filter((k) => k.handlungsfeld === f && !chosen.has(k.id));
      return ks.length ? [Object.assign($('optgroup', {}, ...ks.map((k) => $('option', { value: k.id }, `${k.name} (${k.id})`))), { label: f })] : [];
    }));
  };
  add.addEventListener('click', () => {
    if (!neu.value) return;
    addRow({ id: neu.value, richtung: 1, gewicht: 1 });
    changed();
    rows[rows.length - 1]!.gewicht.focus();
  });

  // --- the Vergleichsjahr of the Dynamikindex ('' = the first year with data)
  const jahr = $('select', { className: 'vergleichsjahr' });
  const jahre = o.periods.slice(0, -1);
  if (vereinbart.vergleichsjahr && !jahre.includes(vereinbart.vergleichsjahr)) jahre.push(vereinbart.vergleichsjahr);
  jahr.append($('option', { value: '' }, `kein festes (erstes Jahr mit Daten${o.periods[0] ? `, ${o.periods[0]}` : ''})`), ...jahre.sort().map((p) => $('option', { value: p }, p)));
  jahr.value = vereinbart.vergleichsjahr ?? '';
  const jahrFehler = $('span', { className: 'feldfehler fehler', id: nextId('si-fehler') });
  jahr.setAttribute('aria-describedby', jahrFehler.id);

  const probe = $('button', { type: 'button', className: 'neu-berechnen' }, 'Neu berechnen');
  const reset = $('button', { type: 'button', className: 'vereinbart-zurueck' }, 'Vereinbarte Einstellung');
  probe.addEventListener('click', () => o.neuBerechnen());
  reset.addEventListener('click', () => {
    setRows(vereinbart.indikatoren);
    jahr.value = vereinbart.vergleichsjahr ?? '';
    o.neuBerechnen();
  });

  const auswahl = $('fieldset', { className: 'sozialindex-form' },
    $('legend', {}, 'Kennzahlen des Sozialindex mit Richtung und Gewicht'),
    $('p', {}, 'Eine Änderung hier ist zunächst nur eine Probeberechnung („Neu berechnen“); für alle gilt sie erst, wenn der Kreis sie unten speichert.'),
    $('table', { className: 'indikatoren-tabelle' },
      $('caption', {}, 'Gewählte Kennzahlen'),
      $('thead', {}, $('tr', {}, $('th', { scope: 'col' }, 'Kennzahl'), $('th', { scope: 'col' }, 'Richtung'), $('th', { scope: 'col' }, 'Gewicht (0,01 bis 100)'), $('th', { scope: 'col' }, $('span', { className: 'unsichtbar' }, 'Entfernen')))),
      tbody),
    leer,
    $('p', {}, $('label', {}, 'Kennzahl hinzufügen: ', neu), ' ', add),
    $('p', {}, $('label', {}, 'Vergleichsjahr des Dynamikindex: ', jahr), ' ', jahrFehler),
    $('p', {}, probe, ' ', reset),
  );

  // --- saving (Kreis only): token, then an in-page confirmation with the summary and a required comment
  const token = $('input', { type: 'password', className: 'token-speichern', autocomplete: 'off', size: 40 });
  const rolle = $('p', { className: 'rolle-hinweis', role: 'status' });
  const save = $('button', { type: 'button', className: 'einstellung-speichern', disabled: true }, 'Speichern …');
  const confirmHead = $('h4', { tabIndex: -1, id: nextId('si-bestaetigen') }, 'Bitte bestätigen: diese Einstellung wird die vereinbarte Einstellung für alle Leser');
  const summary = $('ul', { className: 'zusammenfassung' });
  const summaryMore = $('p', { className: 'zusammenfassung-jahr' });
  const kommentarFehler = $('span', { className: 'feldfehler fehler', id: nextId('si-fehler') });
  const kommentar = $('input', { className: 'kommentar', size: 50, maxLength: 500, required: true, placeholder: 'z. B. Beschluss Sozialausschuss vom …' });
  kommentar.setAttribute('aria-describedby', kommentarFehler.id);
  const ja = $('button', { type: 'button', className: 'bestaetigen' }, 'Ja, verbindlich speichern');
  const nein = $('button', { type: 'button', className: 'abbrechen' }, 'Abbrechen');
  const confirm = $('div', { className: 'bestaetigung', hidden: true, role: 'group' },
    confirmHead, summary, summaryMore,
    $('p', {}, $('label', {}, 'Anmerkung (Pflichtfeld, z. B. der Beschluss, auf dem die Einstellung beruht): ', kommentar), ' ', kommentarFehler),
    $('p', {}, ja, ' ', nein));
  confirm.setAttribute('aria-labelledby', confirmHead.id);
  const result = $('div', { className: 'speichern-ergebnis', role: 'status' });
  const speichern = $('details', { className: 'keine-ausgabe speichern' },
    $('summary', {}, 'Einstellung für alle speichern (nur für den Kreis)'),
    $('p', {}, 'Speichert die Kennzahlen, Gewichte und das Vergleichsjahr von oben als neue Version der vereinbarten Einstellung; sie gilt dann für den Bericht aller Leser. Frühere Versionen bleiben erhalten.'),
    $('p', {}, $('label', {}, 'Zugangs-Token des Kreises: ', token)),
    rolle,
    $('p', {}, save),
    confirm,
    result,
  );

  // Only the Kreis saves: the button says why it is disabled (the server refuses others anyway).
  const NUR_KREIS = 'Speichern kann nur der Kreis: bitte das Zugangs-Token des Kreises eingeben.';
  rolle.textContent = NUR_KREIS;
  let check = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  token.addEventListener('input', () => {
    save.disabled = true;
    confirm.hidden = true;
    const mine = ++check;
    clearTimeout(timer);
    const t = token.value.trim();
    if (!t) {
      rolle.textContent = NUR_KREIS;
      return;
    }
    rolle.textContent = 'Token wird geprüft …';
    timer = setTimeout(async () => {
      let text: string;
      let ok = false;
      try {
        const res = await fetch('/api/whoami', { headers: { Authorization: `Bearer ${t}` } });
        const body = (await res.json()) as { rolle?: string; message?: string };
        ok = res.ok && body.rolle === 'kreis';
        text = !res.ok ? `Token nicht angenommen: ${body.message ?? `HTTP ${res.status}`}` : ok ? 'Token des Kreises: Speichern ist möglich.' : `Dieses Token gehört zur Rolle „${body.rolle ?? '?'}“; speichern darf nur der Kreis.`;
      } catch (e) {
        text = `Token nicht geprüft: ${(e as Error).message}`;
      }
      if (mine !== check) return; // a later entry is being checked
      rolle.textContent = text;
      save.disabled = !ok;
    }, 250);
  });

  const clearErrors = () => {
    for (const r of rows) {
      r.fehler.textContent = '';
      r.gewicht.removeAttribute('aria-invalid');
      r.richtung.removeAttribute('aria-invalid');
    }
    for (const f of [jahrFehler, kommentarFehler]) f.textContent = '';
    kommentar.removeAttribute('aria-invalid');
    jahr.removeAttribute('aria-invalid');
  };
  // Any change of the setting closes a confirmation showing the old one.
  function changed() {
    confirm.hidden = true;
    leer.hidden = rows.length > 0;
    fillChoices();
  }
  // (not `changed` itself: rebuilding the choices would reset the one being picked)
  for (const ev of ['input', 'change']) auswahl.addEventListener(ev, () => (confirm.hidden = true));

  save.addEventListener('click', () => {
    clearErrors();
    result.replaceChildren();
    const list = current();
    if (list.length === 0) {
      result.replaceChildren($('p', { className: 'fehler', role: 'alert' }, 'Nicht gespeichert: keine Kennzahl gewählt; bitte mindestens eine hinzufügen.'));
      return;
    }
    summary.replaceChildren(...list.map((c) => $('li', {}, beschreibeIndikator(c, nameOf))));
    summaryMore.textContent = `Vergleichsjahr des Dynamikindex: ${jahr.value || 'kein festes (erstes Jahr mit Daten)'}. Ersetzt ${vereinbart.version === null ? 'die Vorgabe der Software' : `die vereinbarte Einstellung Version ${vereinbart.version}`}.`;
    confirm.hidden = false;
    confirmHead.focus();
  });
  nein.addEventListener('click', () => {
    confirm.hidden = true;
    save.focus();
  });
  ja.addEventListener('click', async () => {
    clearErrors();
    result.replaceChildren();
    const note = kommentar.value.trim();
    if (!note) {
      // refused here, nothing sent: the agreed setting must say what it rests on
      kommentarFehler.textContent = 'Bitte eine Anmerkung eingeben (z. B. den Beschluss); ohne sie wird nicht gespeichert.';
      kommentar.setAttribute('aria-invalid', 'true');
      kommentar.focus();
      return;
    }
    const sent = current();
    // a weight that is no number goes as null: the server names the field
    const body = { indikatoren: sent.map((c) => ({ id: c.id, richtung: c.richtung, gewicht: Number.isFinite(c.gewicht) ? c.gewicht : null })), kommentar: note, vergleichsjahr: jahr.value || null };
    ja.disabled = true;
    try {
      const res = await fetch('/api/sozialindex/settings', { method: 'PUT', headers: { Authorization: `Bearer ${token.value.trim()}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const answer = (await res.json()) as { message?: string; errors?: string[]; version?: number; unchanged?: boolean; indikatoren?: Indikator[]; vergleichsjahr?: string | null };
      if (!res.ok) {
        const placed = (answer.errors ?? []).map((m) => ordneFehler(m, sent, nameOf));
        for (const { ort, text } of placed) {
          if ('row' in ort) {
            // the rows may have changed while the request ran: the message goes to the row of its Kennzahl
            const id = sent[ort.row]!.id;
            const r = rows[ort.row]?.id === id ? rows[ort.row] : rows.find((x) => x.id === id);
            if (!r) continue; // taken out meanwhile; still in the list below
            r.fehler.textContent = [r.fehler.textContent, text].filter(Boolean).join(' ');
            (ort.feld === 'richtung' ? r.richtung : r.gewicht).setAttribute('aria-invalid', 'true');
          } else if ('feld' in ort) {
            const [f, input] = ort.feld === 'kommentar' ? [kommentarFehler, kommentar] : [jahrFehler, jahr];
            f.textContent = text;
            input.setAttribute('aria-invalid', 'true');
          }
        }
        confirm.hidden = !placed.some((p) => 'feld' in p.ort && p.ort.feld === 'kommentar');
        result.replaceChildren($('div', { role: 'alert' }, $('p', { className: 'fehler' }, `Nicht gespeichert: ${answer.message ?? `HTTP ${res.status}`}`), ...(placed.length ? [$('ul', { className: 'fehlerliste' }, ...placed.map((p) => $('li', {}, p.text)))] : [])));
        return;
      }
      vereinbart = { indikatoren: answer.indikatoren!, vergleichsjahr: answer.vergleichsjahr ?? null, version: answer.version ?? null };
      setRows(vereinbart.indikatoren);
      jahr.value = vereinbart.vergleichsjahr ?? '';
      kommentar.value = '';
      confirm.hidden = true;
      result.replaceChildren($('p', { className: 'gespeichert' }, answer.unchanged ? `Unverändert: diese Einstellung gilt schon (Version ${answer.version}).` : `Gespeichert als Version ${answer.version}; sie gilt ab jetzt für den Bericht.`));
      o.neuBerechnen();
    } catch (e) {
      result.replaceChildren($('p', { className: 'fehler', role: 'alert' }, `Nicht gespeichert: ${(e as Error).message}`));
    } finally {
      ja.disabled = false;
    }
  });

  setRows(o.start ?? vereinbart.indikatoren);
  const query = (): string => {
    const list = current();
    if (list.length === 0) throw new Error('Keine Kennzahl gewählt: bitte im Formular mindestens eine Kennzahl hinzufügen.');
    const own = indikatorenParam(list);
    const von = jahr.value === (vereinbart.vergleichsjahr ?? '') ? '' : `&von=${encodeURIComponent(jahr.value || o.periods[0] || '')}`;
    return `${own === indikatorenParam(vereinbart.indikatoren) ? '' : `&indikatoren=${encodeURIComponent(own)}`}${von}`;
  };
  return { element: $('div', { className: 'keine-ausgabe sozialindex-einstellung' }, auswahl, speichern), query, nameOf };
}
