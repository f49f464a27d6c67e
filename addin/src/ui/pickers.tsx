/** Choosing Kennzahlen (grouped by Handlungsfeld, searchable, with definitions) and areas (tree). */
import { Button, Checkbox, Field, Input, Radio, RadioGroup, Select, Text } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { Area, AreaTree, Catalogue, Merkmal } from '../../../shared';
import type { Altersintervall } from '../../../shared/catalogue/altersintervalle';
import { HANDLUNGSFELDER, type Ebene } from '../../../shared/types';
import { altersgruppenIn, merkmalGruppen } from '../plans/merkmalwahl';
import { type AltersWahl, eigeneAltersgruppen, lueckenText } from '../plans/altersgrenzen';
import { type StadtGruppe, ebenenDarunter, gebieteSuchen, kinderImPicker, stadtGruppen } from '../plans/gebietsgruppen';
import { EBENE_TEXT, T } from '../texts';
import type { Session } from './context';

export function KennzahlPicker(props: { session: Session; selected: Set<string>; onChange: (s: Set<string>) => void }) {
  const { session, selected, onChange } = props;
  const [q, setQ] = useState('');
  const all = [...session.catalogue.kennzahlen.values()];
  const needle = q.trim().toLowerCase();
  const hits = all.filter((k) => !needle || `${k.id} ${k.name} ${k.definition}`.toLowerCase().includes(needle));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <fieldset className="box">
      <legend>{T.kennzahlenWaehlen} – {T.ausgewaehlt(selected.size, 'Kennzahlen')}</legend>
      <Input placeholder={T.suche} aria-label={T.suche} value={q} onChange={(_, d) => setQ(d.value)} />
      <div className="scroll">
        {HANDLUNGSFELDER.map((feld) => {
          const items = hits.filter((k) => k.handlungsfeld === feld);
          if (!items.length) return null;
          return (
            <div key={feld} role="group" aria-label={feld}>
              <Text weight="semibold" block>{feld}</Text>
              {items.map((k) => (
                <div key={k.id} className="entry">
                  <Checkbox label={`${k.name} (${k.einheit})`} checked={selected.has(k.id)} onChange={(_, d) => toggle(k.id, d.checked === true)} data-kennzahl={k.id} />
                  <Text size={200} block className="detail">
                    {k.definition} {T.formel}: <code>{k.formel}</code>. {T.quelle}: {k.definitionsquelle}. {T.datenquellen}: {k.quellen.join(', ')}.
                  </Text>
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/**
 * The age bands: the catalogue's (radio „Katalog (14)“) or own cuts typed as a list, with the reason
 * at the field when they cannot be used and the bands they give by name (gaps as a warning). One input
 * for the Erfassen picker and the Einwohnerdaten pane; each reads the cuts with its own rules
 * (plans/altersgrenzen.ts, shared/register/altersbaender.ts) and passes the reading.
 */
export function AltersgrenzenFeld(props: {
  wahl: AltersWahl;
  onChange: (w: AltersWahl) => void;
  /** number of the catalogue's bands */
  katalog: number;
  gelesen: { ok: true; ids: readonly string[]; luecken?: readonly Altersintervall[] } | { ok: false; grund: string } | null;
  catalogue: Catalogue;
  hilfe: string;
}) {
  const { wahl, onChange, gelesen } = props;
  return (
    <>
      <Field label={T.altersgruppenArt}>
        <RadioGroup layout="horizontal" value={wahl.art}
          onChange={(_, d) => onChange(d.value === 'eigene' ? { art: 'eigene', grenzen: wahl.art === 'eigene' ? wahl.grenzen : '' } : { art: 'katalog' })}>
          <Radio value="katalog" label={T.altersgruppenKatalog(props.katalog)} />
          <Radio value="eigene" label={T.altersgruppenEigene} />
        </RadioGroup>
      </Field>
      {wahl.art === 'eigene' && (
        <Field label={T.altersgrenzen} hint={props.hilfe}
          {...(wahl.grenzen.trim() && gelesen && !gelesen.ok ? { validationState: 'error' as const, validationMessage: gelesen.grund } : {})}>
          <Input value={wahl.grenzen} data-testid="altersgrenzen" onChange={(_, d) => onChange({ art: 'eigene', grenzen: d.value })} />
        </Field>
      )}
      {wahl.art === 'eigene' && gelesen?.ok && (
        <div data-testid="altersgrenzen-spalten">
          <Text block size={200}>{T.altersgrenzenSpalten(gelesen.ids.length, gelesen.ids.map((id) => `${props.catalogue.merkmal(id)?.name ?? id} (${id})`).join(', '))}</Text>
          {(gelesen.luecken?.length ?? 0) > 0 && <Text block size={200} className="finding warnung">{T.altersgrenzenLuecke(lueckenText(gelesen.luecken!))}</Text>}
        </div>
      )}
    </>
  );
}

/**
 * The Merkmale of an entry template: a search over name and id, the hits grouped by Handlungsfeld
 * (each group can be chosen at once), and the age bands: the catalogue's 14 (with one button), or,
 * with `alter`, the clerk's own cuts typed as a list instead of them (plans/altersgrenzen.ts); then
 * the catalogue's bands are not offered and the columns the cuts give are shown with their names.
 */
export function MerkmalPicker(props: {
  merkmale: readonly Merkmal[];
  selected: Set<string>;
  onChange: (s: Set<string>) => void;
  alter?: { wahl: AltersWahl; onChange: (w: AltersWahl) => void; catalogue: Catalogue };
}) {
  const { selected, onChange, alter: alterWahl } = props;
  const [q, setQ] = useState('');
  const alter = altersgruppenIn(props.merkmale);
  const eigene = alterWahl?.wahl.art === 'eigene' && alter.length > 0 ? alterWahl.wahl.grenzen : null;
  const gelesen = eigene !== null ? eigeneAltersgruppen(eigene, alterWahl!.catalogue) : null;
  // with own cuts the catalogue's bands are not offered: the template gets one set, not both
  const merkmale = eigene !== null ? props.merkmale.filter((m) => !alter.includes(m.id)) : props.merkmale;
  const gruppen = merkmalGruppen(merkmale, q);
  const anzahl = merkmale.filter((m) => selected.has(m.id)).length + (gelesen?.ok ? gelesen.ids.length : 0);
  const set = (ids: readonly string[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) (on ? next.add(id) : next.delete(id));
    onChange(next);
  };
  return (
    <fieldset className="box">
      <legend>{T.merkmaleWaehlen} – {T.ausgewaehlt(anzahl, 'Merkmale')}</legend>
      <Input placeholder={T.merkmalSuche} aria-label={T.merkmalSuche} value={q} onChange={(_, d) => setQ(d.value)} />
      {alter.length > 0 && alterWahl && (
        <AltersgrenzenFeld wahl={alterWahl.wahl} onChange={alterWahl.onChange} katalog={alter.length} gelesen={gelesen} catalogue={alterWahl.catalogue} hilfe={T.altersgrenzenHilfe} />
      )}
      {alter.length > 0 && eigene === null && (
        <div className="row wrap">
          <Button size="small" onClick={() => set(alter, true)}>{T.alleAltersgruppen(alter.length)}</Button>
          {alter.some((a) => selected.has(a)) && <Button size="small" onClick={() => set(alter, false)}>{T.keineAltersgruppen}</Button>}
        </div>
      )}
      <div className="scroll">
        {gruppen.length === 0 && <Text block>{T.keinMerkmalPasst}</Text>}
        {gruppen.map((g) => (
          <div key={g.feld} role="group" aria-label={g.feld} className="merkmal-gruppe">
            <div className="row wrap">
              <Text weight="semibold">{g.feld}</Text>
              <Button size="small" appearance="subtle" onClick={() => set(g.merkmale.map((m) => m.id), true)}>{T.alleImFeld(g.merkmale.length)}</Button>
            </div>
            {g.merkmale.map((m) => (
              <Checkbox key={m.id} label={`${m.name} (${m.id})`} checked={selected.has(m.id)} data-merkmal={m.id}
                onChange={(_, d) => set([m.id], d.checked === true)} />
            ))}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * The area tree to choose from: under a Land the Städte in their Kreis (kreisfreie Städte as a group
 * of their own, listed once), Stadtbezirke and Gemeindeteile under their Stadt; the own Stadt and its
 * group first and open (plans/gebietsgruppen.ts). The search finds areas by name or code across all
 * groups and shows each hit with the areas above it.
 */
export function AreaPicker(props: { session: Session; selected: Set<string>; onChange: (s: Set<string>) => void }) {
  const { session, selected, onChange } = props;
  const own = session.who.rolle === 'kommune' ? session.who.ags : undefined;
  const tree = session.tree;
  const gruppen = useMemo(() => stadtGruppen(tree, own), [tree, own]);
  // a Kommune's own Stadt (and its group) come first and open: it is what the clerk looks for
  const [open, setOpen] = useState<Set<string>>(() => new Set(own ? [own, ...gruppen.filter((g) => g.eigene).map(gruppenSchluessel)] : []));
  const [q, setQ] = useState('');
  const suche = useMemo(() => gebieteSuchen(tree, q), [tree, q]);
  // „alle Gemeindeteile/Baublöcke von …“ only where there are some
  const darunter = useMemo(() => ebenenDarunter(tree), [tree]);
  const set = (codes: string[], on: boolean) => {
    const next = new Set(selected);
    for (const c of codes) (on ? next.add(c) : next.delete(c));
    onChange(next);
  };
  const toggle = (key: string) => {
    const n = new Set(open);
    if (n.has(key)) n.delete(key);
    else n.add(key);
    setOpen(n);
  };
  const shown = (code: string) => !suche || suche.sichtbar.has(code);
  // while searching, every row on the way to a hit is open
  const isOpen = (key: string) => (suche ? true : open.has(key));
  const childrenAt = (code: string, ebene: string) => tree.subtree(code).filter((c) => tree.get(c)!.ebene === ebene);
  const aufklappen = (key: string, name: string) => (
    <Button size="small" appearance="subtle" aria-label={isOpen(key) ? T.zuklappen(name) : T.aufklappen(name)} onClick={() => toggle(key)} disabled={!!suche}>
      {isOpen(key) ? '▾' : '▸'}
    </Button>
  );
  const row = (code: string, depth: number, kids: readonly string[] = kinderImPicker(tree, code).filter(shown)) => {
    const a = tree.get(code)!;
    return (
      <li key={code} role="treeitem" aria-expanded={kids.length ? isOpen(code) : undefined} aria-level={depth + 1}>
        <div className="treerow">
          {kids.length > 0 ? aufklappen(code, a.name) : <span className="spacer" />}
          <Checkbox label={`${a.name} (${EBENE_TEXT[a.ebene]}, ${code})`} checked={selected.has(code)} onChange={(_, d) => set([code], d.checked === true)} data-area={code} />
          {(a.ebene === 'stadt' || a.ebene === 'stadtbezirk') && darunter.get(code)?.has('gemeindeteil') && (
            <Button size="small" onClick={() => set(childrenAt(code, 'gemeindeteil'), true)}>{T.alleGemeindeteile(a.name)}</Button>
          )}
          {(a.ebene === 'stadt' || a.ebene === 'stadtbezirk' || a.ebene === 'gemeindeteil') && darunter.get(code)?.has('baublock') && (
            <Button size="small" onClick={() => set(childrenAt(code, 'baublock'), true)}>{T.alleBaublocke(a.name)}</Button>
          )}
        </div>
        {isOpen(code) && kids.length > 0 && <ul role="group">{kids.map((k) => row(k, depth + 1))}</ul>}
      </li>
    );
  };
  /** A Land's group: the Kreis as a row to choose, or the kreisfreie Städte under a heading. */
  const gruppe = (g: StadtGruppe) => {
    const staedte = g.staedte.map((s) => s.code).filter(shown);
    if (g.kreis) return shown(g.kreis.code) ? row(g.kreis.code, 1, staedte) : null;
    if (!staedte.length) return null;
    const key = gruppenSchluessel(g);
    return (
      <li key={key} role="treeitem" aria-expanded={isOpen(key)} aria-level={2}>
        <div className="treerow">
          {aufklappen(key, T.kreisfreieStaedte)}
          <Text>{T.kreisfreieStaedte} ({g.staedte.length})</Text>
        </div>
        {isOpen(key) && <ul role="group">{staedte.map((s) => row(s, 2))}</ul>}
      </li>
    );
  };
  // under a Land the groups; under a Kreis its Städte; under a kreisfreie Stadt its own parts
  const top =
    tree.root.ebene === 'land' ? gruppen.map(gruppe)
      : tree.root.ebene === 'kreis' ? gruppen[0]!.staedte.map((s) => s.code).filter(shown).map((c) => row(c, 1))
        : kinderImPicker(tree, tree.root.code).filter(shown).map((c) => row(c, 1));
  return (
    <fieldset className="box">
      <legend>{T.gebieteWaehlen} – {T.ausgewaehlt(selected.size, 'Gebiete')}</legend>
      <Input placeholder={T.gebietSuche} aria-label={T.gebietSuche} value={q} onChange={(_, d) => setQ(d.value)} />
      {suche && <Text block size={200} role="status">{T.gebietTreffer(suche.treffer.length, suche.weitere)}</Text>}
      <div className="scroll">
        <ul role="tree" aria-label={T.gebieteWaehlen}>
          <li role="treeitem" aria-level={1}>
            <div className="treerow">
              <span className="spacer" />
              <Checkbox label={`${tree.root.name} (${EBENE_TEXT[tree.root.ebene]})`} checked={selected.has(tree.root.code)} onChange={(_, d) => set([tree.root.code], d.checked === true)} data-area={tree.root.code} />
            </div>
            <ul role="group">{top}</ul>
          </li>
        </ul>
      </div>
      <Button size="small" onClick={() => onChange(new Set())}>{T.auswahlLeeren}</Button>
    </fieldset>
  );
}

/** Open-state key of a group: the Kreis' code, or one key for the kreisfreie Städte. */
const gruppenSchluessel = (g: StadtGruppe): string => g.kreis?.code ?? 'kreisfreie-staedte';

/**
 * The Stadt of a template or register run: fixed to the token's own Stadt for a Kommune. Under a Land
 * the Städte are grouped by Kreis (kreisfreie Städte as one group), as in the area picker.
 */
export function StadtField(props: { tree: AreaTree; own?: string; value: string; onChange: (code: string) => void; locked: boolean }) {
  const gruppen = stadtGruppen(props.tree, props.own);
  const option = (s: Area) => <option key={s.code} value={s.code}>{s.name} ({s.code})</option>;
  return (
    <Field label={T.vorlageStadt}>
      <Select value={props.value} onChange={(_, d) => props.onChange(d.value)} disabled={props.locked}>
        {props.tree.root.ebene === 'land'
          ? gruppen.filter((g) => g.staedte.length > 0).map((g) => (
            <optgroup key={gruppenSchluessel(g)} label={g.kreis ? g.kreis.name : T.kreisfreieStaedte}>{g.staedte.map(option)}</optgroup>
          ))
          : gruppen.flatMap((g) => g.staedte).map(option)}
      </Select>
    </Field>
  );
}

/** The level of a template, among those the caller offers. */
export function EbeneField(props: { ebenen: readonly Ebene[]; value: Ebene; onChange: (e: Ebene) => void }) {
  return (
    <Field label={T.vorlageEbene}>
      <Select value={props.value} onChange={(_, d) => props.onChange(d.value as Ebene)}>
        {props.ebenen.map((e) => <option key={e} value={e}>{EBENE_TEXT[e]}</option>)}
      </Select>
    </Field>
  );
}
