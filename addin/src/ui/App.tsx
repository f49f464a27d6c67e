import { FluentProvider, Tab, TabList, Text, webLightTheme } from '@fluentui/react-components';
import { useState } from 'react';
import type { MemoryGateway } from '../excel/memory-gateway';
import { T } from '../texts';
import { ConnectPanel } from './ConnectPanel';
import { EinwohnerPanel } from './EinwohnerPanel';
import { Env, Session } from './context';
import { EntryFocus, EntryPanel } from './EntryPanel';
import { PullPanel } from './PullPanel';
import { QuelltabellePanel } from './QuelltabellePanel';
import { WorkbookPreview } from './WorkbookPreview';

type TabId = 'verbindung' | 'abruf' | 'erfassung' | 'einwohner';

export function App(props: { env: Env; preview?: MemoryGateway }) {
  const [session, setSession] = useState<Session | null>(null);
  const [tab, setTab] = useState<TabId>('verbindung');
  // a template made in the Einwohnerdaten tab is checked and submitted in the Erfassung tab
  const [focus, setFocus] = useState<EntryFocus | null>(null);
  const panel = (id: TabId) => {
    if (id === 'verbindung') return <ConnectPanel env={props.env} session={session} onSession={setSession} />;
    if (!session) return <Text role="status">{T.nichtVerbunden}</Text>;
    if (id === 'abruf') return <PullPanel env={props.env} session={session} />;
    const onTemplate = (sheet: string, text: string) => setFocus((f) => ({ sheet, text, seq: (f?.seq ?? 0) + 1 }));
    if (id === 'erfassung') {
      // a source table open in the workbook becomes a template that the Prüfen/Übermitteln above then sends
      return (
        <>
          <EntryPanel env={props.env} session={session} focus={focus} />
          <div className="panel"><QuelltabellePanel env={props.env} session={session} onTemplate={onTemplate} /></div>
        </>
      );
    }
    return <EinwohnerPanel env={props.env} session={session} onTemplate={onTemplate} onOpenEntry={() => setTab('erfassung')} />;
  };
  return (
    <FluentProvider theme={webLightTheme}>
      <div className={props.preview ? 'layout preview-layout' : 'layout'}>
        <main className="pane">
          <h1>{T.appTitle}</h1>
          <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabId)} size="small">
            {(Object.keys(T.tabs) as TabId[]).map((id) => <Tab key={id} value={id}>{T.tabs[id]}</Tab>)}
          </TabList>
          {/* panels stay mounted so that selections survive a tab switch */}
          {(Object.keys(T.tabs) as TabId[]).map((id) => (
            <div key={id} role="tabpanel" hidden={tab !== id} aria-label={T.tabs[id]}>{panel(id)}</div>
          ))}
        </main>
        {props.preview && <WorkbookPreview workbook={props.preview} />}
      </div>
    </FluentProvider>
  );
}
