/** GET /api/catalogue (current or ?version=) and PUT /api/catalogue (Kreis: a new version). */
import { Router } from 'express';
import { CatalogueError, loadCatalogue } from '../../shared';
import type { DomainState } from '../domain';
import { contentHashAsync } from '../hash';
import { actorOf, requireRole } from '../http/auth';
import { requireJson } from '../http/body';
import { ApiError } from '../http/errors';
import { queryString } from '../http/query';

export function catalogueRoutes(state: DomainState): Router {
  const r = Router();

  r.get('/catalogue', async (req, res) => {
    const version = queryString(req, 'version');
    const stored = version ? await state.storage.catalogue(version) : await state.storage.latestCatalogue();
    const versions = await state.storage.catalogueVersions();
    if (version && !stored) {
      throw new ApiError(404, 'KATALOG_UNBEKANNT', `Den Katalog in Version „${version}“ gibt es nicht; vorhanden: ${versions.join(', ') || 'keine'}.`);
    }
    const catalogue = await state.catalogue(version);
    res.json({
      version: catalogue!.version,
      gueltigAb: catalogue!.gueltigAb,
      versions,
      demo: await state.isDemo(),
      definition: stored ? stored.definition : catalogue!.definition,
    });
  });

  r.put('/catalogue', requireRole('kreis'), requireJson, async (req, res) => {
    let version: string;
    try {
      version = loadCatalogue(req.body).version;
    } catch (e) {
      if (e instanceof CatalogueError) {
        throw new ApiError(422, 'KATALOG_FEHLERHAFT', `Der Katalog wurde nicht übernommen: ${e.total} Problem(e).`, { errors: e.problems });
      }
      throw e;
    }
    const hash = await contentHashAsync(req.body);
    const existing = await state.storage.catalogue(version);
    if (existing) {
      if (existing.contentHash === hash) {
        res.status(200).json({ version, unchanged: true });
        return;
      }
      throw new ApiError(409, 'KATALOG_VERSION_VORHANDEN', `Version „${version}“ gibt es schon mit anderem Inhalt. Ein gespeicherter Katalog wird nie geändert; bitte eine neue Versionsnummer vergeben.`);
    }
    await state.storage.addCatalogue(version, req.body, hash, actorOf(req));
    res.status(201).json({ version, unchanged: false });
  });
  return r;
}
