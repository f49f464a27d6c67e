/**
 * Asking before a sheet is replaced: "Das Blatt „Kennzahlen“ gibt es schon. Ersetzen / Neues Blatt
 * „Kennzahlen (2)“ / Abbrechen". `choose(wished)` resolves to the sheet name to write (the wished one,
 * or a free new one) or null when the clerk cancels; a name not yet taken is returned without asking.
 */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import { ReactElement, useRef, useState } from 'react';
import type { ExcelGateway } from '../excel/gateway';
import { SheetChoice, freeSheetName, sheetExists } from '../plans/korrektur';
import { safeSheetName } from '../plans/types';
import { T } from '../texts';

export function useSheetChoice(gateway: ExcelGateway): { dialog: ReactElement | null; choose: (wished: string) => Promise<string | null> } {
  const [ask, setAsk] = useState<{ sheet: string; fresh: string } | null>(null);
  const resolver = useRef<((c: SheetChoice) => void) | null>(null);
  const choose = async (wished: string): Promise<string | null> => {
    const sheet = safeSheetName(wished);
    const existing = await gateway.sheetNames();
    if (!sheetExists(sheet, existing)) return sheet;
    const fresh = freeSheetName(sheet, existing);
    const choice = await new Promise<SheetChoice>((resolve) => {
      resolver.current = resolve;
      setAsk({ sheet: existing.find((e) => e.toLocaleLowerCase('de-DE') === sheet.toLocaleLowerCase('de-DE')) ?? sheet, fresh });
    });
    setAsk(null);
    resolver.current = null;
    return choice === 'ersetzen' ? sheet : choice === 'neu' ? fresh : null;
  };
  const answer = (c: SheetChoice) => resolver.current?.(c);
  const dialog = ask ? (
    <Dialog open modalType="alert" onOpenChange={(_, d) => { if (!d.open) answer('abbrechen'); }}>
      <DialogSurface aria-describedby="blatt-frage">
        <DialogBody>
          <DialogTitle>{T.blattGibtEs(ask.sheet)}</DialogTitle>
          <DialogContent id="blatt-frage">{T.blattFrage}</DialogContent>
          <DialogActions fluid position="start" className="wrap">
            <Button appearance="primary" onClick={() => answer('neu')}>{T.neuesBlatt(ask.fresh)}</Button>
            <Button onClick={() => answer('ersetzen')}>{T.ersetzen}</Button>
            <Button onClick={() => answer('abbrechen')}>{T.abbrechenKurz}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  ) : null;
  return { dialog, choose };
}
