import { Button, Field, Input, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { AreaTree } from '../../../shared/areas/areas';
import { loadCatalogue } from '../../../shared/catalogue/catalogue';
import { ApiClient, ApiError, normalizeServerUrl } from '../api/client';
import { T } from '../texts';
import { Env, Session, errorText } from './context';

export async function connect(server: string, token: string): Promise<Session> {
  if (!token.trim()) throw new ApiError('anmeldung', null, T.tokenFehlt);
  const api = new ApiClient(normalizeServerUrl(server), token.trim());
  const health = await api.health();
  const [cat, areas] = await Promise.all([api.catalogue(), api.areas()]);
  const catalogue = loadCatalogue(cat.definition);
  const tree = AreaTree.build(areas);
  const who = await api.whoami();
  // a Kommune token for a Stadt that is not in this Kreis's areas cannot enter or fetch anything useful
  if (who.rolle === 'kommune' && tree.get(who.ags)?.ebene !== 'stadt') throw new ApiError('berechtigung', 403, T.keineStadtFreigegeben);
  return { api, health, who, periods: who.perioden ?? health.periods, catalogue, areas, tree, areaMap: new Map(areas.map((a) => [a.code, a])) };
}

export function roleText(s: Session): string {
  if (s.who.rolle === 'kommune') return T.rolle.kommune(s.who.ags, s.tree.get(s.who.ags)?.name ?? s.who.ags);
  return s.who.rolle === 'kreis' ? T.rolle.kreis : T.rolle.leser;
}

export function ConnectPanel(props: { env: Env; session: Session | null; onSession: (s: Session | null) => void }) {
  const { env, session, onSession } = props;
  const [server, setServer] = useState(env.store.server() ?? env.defaultServer);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // a remembered connection of this workbook and user is used right away
  useEffect(() => {
    void env.store.connection().then(async (c) => {
      if (!c.server || !c.token || session) return;
      setServer(c.server);
      setToken(c.token);
      setBusy(true);
      try {
        onSession(await connect(c.server, c.token));
      } catch (e) {
        setError(errorText(e));
      } finally {
        setBusy(false);
      }
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      const s = await connect(server, token);
      await env.store.remember(s.api.base, token.trim());
      onSession(s);
    } catch (e) {
      onSession(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => { e.preventDefault(); void go(); }} className="panel">
      <Field label={T.serverUrl} required>
        <Input value={server} onChange={(_, d) => setServer(d.value)} type="url" name="server" />
      </Field>
      <Field label={T.token} hint={T.tokenHinweis} required>
        <Input value={token} onChange={(_, d) => setToken(d.value)} type="password" name="token" autoComplete="off" />
      </Field>
      <div className="row">
        <Button appearance="primary" type="submit" disabled={busy}>{T.verbinden}</Button>
        {session && (
          <Button type="button" onClick={() => { void env.store.forget(session.api.base); setToken(''); onSession(null); }}>{T.trennen}</Button>
        )}
        {busy && <Spinner size="tiny" label={T.verbindet} />}
      </div>
      {error && (
        <MessageBar layout="multiline" intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>
      )}
      {session && (
        <MessageBar layout="multiline" intent="success" role="status">
          <MessageBarBody>
            <span data-testid="verbunden">{T.verbunden(roleText(session), session.api.base, session.catalogue.version)}</span>
            {session.health.demo && <Text block>{T.demoHinweis}</Text>}
          </MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}
