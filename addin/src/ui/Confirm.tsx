/**
 * A yes/no question in a dialog, for doubts the clerk must answer before anything is written (a
 * Berichtsjahr far in the future). `confirm(frage)` resolves to true for "yes"; closing the dialog
 * (Escape, outside click) counts as "no", so nothing happens that the clerk did not choose.
 */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import { ReactElement, useRef, useState } from 'react';
import { T } from '../texts';

export interface Frage {
  title: string;
  text: string;
  ja: string;
  nein: string;
}

export function useConfirm(): { dialog: ReactElement | null; confirm: (frage: Frage) => Promise<boolean> } {
  const [ask, setAsk] = useState<Frage | null>(null);
  const resolver = useRef<((yes: boolean) => void) | null>(null);
  const confirm = async (frage: Frage): Promise<boolean> => {
    const yes = await new Promise<boolean>((resolve) => {
      resolver.current = resolve;
      setAsk(frage);
    });
    setAsk(null);
    resolver.current = null;
    return yes;
  };
  const answer = (yes: boolean) => resolver.current?.(yes);
  const dialog = ask ? (
    <Dialog open modalType="alert" onOpenChange={(_, d) => { if (!d.open) answer(false); }}>
      <DialogSurface aria-describedby="bestaetigung-frage">
        <DialogBody>
          <DialogTitle>{ask.title}</DialogTitle>
          <DialogContent id="bestaetigung-frage">{ask.text}</DialogContent>
          <DialogActions fluid position="start" className="wrap">
            <Button appearance="primary" onClick={() => answer(false)}>{ask.nein}</Button>
            <Button onClick={() => answer(true)}>{ask.ja}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  ) : null;
  return { dialog, confirm };
}

/** The question for a Berichtsjahr far in the future (see plans/berichtsjahr.ts). */
export const berichtsjahrFrage = (text: string): Frage => ({ title: T.jahrFrageTitel, text, ja: T.jahrFrageJa, nein: T.jahrFrageNein });
