/** Choosing Kennzahlen (grouped by Handlungsfeld, searchable, with definitions) and areas (tree). */
import { Button, Checkbox, Field, Input, Select, Text } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { Merkmal } from '../../../shared';
import { HANDLUNGSFELDER, type Ebene } from '../../../shared/types';
import { altersgruppenIn, merkmalGruppen } from '../plans/merkmalwahl';
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
 * The Merkmale of an entry template: a search over name and id, the hits grouped by Handlungsfeld
 * (each group can be chosen at once), and the 14 age bands with one button.
 */
export function MerkmalPicker(props: { merkmale: readonly Merkmal[]; selected: Set<string>; onChange: (s: Set<string>) => void }) {
  const { merkmale, selected, onChange } = props;
  const [q, setQ] = useState('');
  const gruppen = merkmalGruppen(merkmale, q);
  const alter = altersgruppenIn(merkmale);
  const set = (ids: readonly string[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) (on ? next.add(id) : next.delete(id));
    onChange(next);
  };
  return (
    <fieldset className="box">
      <legend>{T.merkmaleWaehlen} – {T.ausgewaehlt(merkmale.filter((m) => selected.has(m.id)).length, 'Merkmale')}</legend>
      <Input placeholder={T.merkmalSuche} aria-label={T.merkmalSuche} value={q} onChange={(_, d) => setQ(d.value)} />
      {alter.length > 0 && (
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

export function AreaPicker(props: { session: Session; selected: Set<string>; onChange: (s: Set<string>) => void }) {
  const { session, selected, onChange } = props;
  // a Kommune's own Stadt comes first and open: it is what the clerk looks for
  const own = session.who.rolle === 'kommune' ? session.who.ags : undefined;
  const [open, setOpen] = useState<Set<string>>(() => new Set(own ? [own] : []));
  const tree = session.tree;
  // under the root: its Städte, the own one first, then by name; a kreisfreie Stadt as root shows its own
  // parts (it is listed once)
  const staedte = useMemo(
    () =>
      tree.root.ebene === 'stadt'
        ? tree.children(tree.root.code).map((c) => tree.get(c)!)
        : tree.atLevel('stadt').sort((a, b) => Number(b.code === own) - Number(a.code === own) || a.name.localeCompare(b.name, 'de')),
    [tree, own],
  );
  const set = (codes: string[], on: boolean) => {
    const next = new Set(selected);
    for (const c of codes) (on ? next.add(c) : next.delete(c));
    onChange(next);
  };
  const childrenAt = (code: string, ebene: string) => tree.subtree(code).filter((c) => tree.get(c)!.ebene === ebene);
  const row = (code: string, depth: number) => {
    const a = tree.get(code)!;
    const kids = a.ebene === 'baublock' ? [] : [...tree.children(code)];
    const isOpen = open.has(code);
    return (
      <li key={code} role="treeitem" aria-expanded={kids.length && a.ebene !== 'gemeindeteil' ? isOpen : undefined} aria-level={depth + 1}>
        <div className="treerow">
          {kids.length > 0 && a.ebene !== 'gemeindeteil' ? (
            <Button size="small" appearance="subtle" aria-label={isOpen ? T.zuklappen(a.name) : T.aufklappen(a.name)}
              onClick={() => { const n = new Set(open); if (isOpen) n.delete(code); else n.add(code); setOpen(n); }}>{isOpen ? '▾' : '▸'}</Button>
          ) : <span className="spacer" />}
          <Checkbox label={`${a.name} (${EBENE_TEXT[a.ebene]}, ${code})`} checked={selected.has(code)} onChange={(_, d) => set([code], d.checked === true)} data-area={code} />
          {(a.ebene === 'stadt' || a.ebene === 'stadtbezirk') && (
            <Button size="small" onClick={() => set(childrenAt(code, 'gemeindeteil'), true)}>{T.alleGemeindeteile(a.name)}</Button>
          )}
          {(a.ebene === 'stadt' || a.ebene === 'stadtbezirk' || a.ebene === 'gemeindeteil') && (
            <Button size="small" onClick={() => set(childrenAt(code, 'baublock'), true)}>{T.alleBaublocke(a.name)}</Button>
          )}
        </div>
        {isOpen && kids.length > 0 && <ul role="group">{kids.map((k) => row(k, depth + 1))}</ul>}
      </li>
    );
  };
  return (
    <fieldset className="box">
      <legend>{T.gebieteWaehlen} – {T.ausgewaehlt(selected.size, 'Gebiete')}</legend>
      <div className="scroll">
        <ul role="tree" aria-label={T.gebieteWaehlen}>
          <li role="treeitem" aria-level={1}>
            <div className="treerow">
              <span className="spacer" />
              <Checkbox label={`${tree.root.name} (${EBENE_TEXT[tree.root.ebene]})`} checked={selected.has(tree.root.code)} onChange={(_, d) => set([tree.root.code], d.checked === true)} />
            </div>
            <ul role="group">{staedte.map((s) => row(s.code, 1))}</ul>
          </li>
        </ul>
      </div>
      <Button size="small" onClick={() => onChange(new Set())}>{T.auswahlLeeren}</Button>
    </fieldset>
  );
}

/** The Stadt of a template or register run: fixed to the token's own Stadt for a Kommune. */
export function StadtField(props: { staedte: readonly { code: string; name: string }[]; value: string; onChange: (code: string) => void; locked: boolean }) {
  return (
    <Field label={T.vorlageStadt}>
      <Select value={props.value} onChange={(_, d) => props.onChange(d.value)} disabled={props.locked}>
        {props.staedte.map((s) => <option key={s.code} value={s.code}>{s.name} ({s.code})</option>)}
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
