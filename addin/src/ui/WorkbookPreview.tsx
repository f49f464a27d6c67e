/** The in-memory workbook of the browser preview, shown as a grid; input cells can be typed into. */
import { Button, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { MemoryGateway } from '../excel/memory-gateway';
import { cellAddress } from '../plans/types';
import { T } from '../texts';

/** Shows a number as Excel would with the column's format code (the codes the plans use). */
export function formatNumber(v: number, code: string | undefined): string {
  if (!code || code === '@' || code === 'General') return v.toLocaleString('de-DE', { maximumFractionDigits: 10 });
  const decimals = /\.(0*)(#*)/.exec(code);
  const min = decimals ? decimals[1]!.length : 0;
  const max = decimals ? min + decimals[2]!.length : 0;
  return v.toLocaleString('de-DE', { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: code.includes(',') });
}

export function WorkbookPreview(props: { workbook: MemoryGateway }) {
  const wb = props.workbook;
  const [, setTick] = useState(0);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => wb.subscribe(() => setTick((t) => t + 1)), [wb]);
  const sheet = wb.active ? wb.sheets.get(wb.active) : undefined;
  return (
    <section className="preview" aria-label={T.arbeitsmappeVorschau}>
      <MessageBar layout="multiline" intent="info"><MessageBarBody>{T.vorschauHinweis}</MessageBarBody></MessageBar>
      <div className="row wrap" role="tablist" aria-label={T.blaetter}>
        {[...wb.sheets.keys()].map((n) => (
          <Button key={n} size="small" role="tab" aria-selected={n === wb.active} appearance={n === wb.active ? 'primary' : 'secondary'} onClick={() => { wb.active = n; setTick((t) => t + 1); }}>{n}</Button>
        ))}
      </div>
      {refusal && <MessageBar layout="multiline" intent="error" role="alert"><MessageBarBody>{refusal}</MessageBarBody></MessageBar>}
      {sheet && sheet.charts.map((c, i) => <Text block key={i} data-testid="diagramm">{T.diagrammVorschau(c.kind, c.title)}</Text>)}
      {sheet && (
        // the grid scrolls on its own: focusable and named, so that keyboard users can scroll it too (WCAG 2.1.1)
        <div className="grid-wrap" tabIndex={0} role="region" aria-label={`Blatt „${sheet.name}“`}>
          <table className="grid" data-sheet={sheet.name}>
            <tbody>
              {sheet.cells.slice(0, 400).map((row, r) => (
                <tr key={r}>
                  <th scope="row">{r + 1}</th>
                  {Array.from({ length: Math.max(row.length, sheet.cells[sheet.bodyRow - 1]?.length ?? 0) }, (_, c) => {
                    const v = row[c] ?? null;
                    const addr = cellAddress(r, c);
                    const note = sheet.notes.get(`${r}:${c}`);
                    const fill = sheet.fills.get(`${r}:${c}`);
                    const selected = wb.selection && wb.selection.sheet === sheet.name && wb.selection.row === r && wb.selection.col === c;
                    const editable = r >= sheet.bodyRow && sheet.unlockedCols.has(c);
                    return (
                      <td key={c} data-cell={addr} title={note} className={[fill ? `mark-${fill}` : '', selected ? 'selected' : '', note ? 'has-note' : ''].join(' ')}>
                        {editable ? (
                          <input aria-label={`Zelle ${addr}`} defaultValue={v === null ? '' : String(v)} key={`${addr}:${String(v)}`}
                            onBlur={(e) => {
                              const err = wb.editCell(sheet.name, r, c, e.currentTarget.value);
                              setRefusal(err);
                              if (err) e.currentTarget.value = v === null ? '' : String(v);
                            }} />
                        ) : typeof v === 'number' ? formatNumber(v, r >= sheet.bodyRow ? (sheet.formats.get(`${r}:${c}`) ?? sheet.formats.get(`col:${c}`)) : undefined) : (v ?? '')}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
