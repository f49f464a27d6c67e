/**
 * `sozialmonitor manifest --url https://…`: the add-in manifest for the Kreis' own server.
 *
 * The shipped manifest.xml points at the development address (https://localhost:3000, where
 * `sozialmonitor start` serves the task pane with development certificates). An administrator who
 * deploys the server needs the same manifest with the public https address – every URL in it, and the
 * AppDomain as the bare origin. Editing the XML by hand is where typos slip in, so the command derives
 * it from the one manifest in the repository; the tests check the result against Microsoft's XSD.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { projectRoot } from '../sync-server/app';

/** Where the shipped manifest points; every occurrence is replaced. */
export const ENTWICKLUNGSADRESSE = 'https://localhost:3000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d{1,5}(\.\d{1,5}){3}$/;

export interface ManifestOptionen {
  /** public base address of the server, https, optionally with a path prefix behind a reverse proxy */
  url: string;
  /** a GUID of its own, e.g. to install the production add-in beside the development one */
  id?: string;
  /** add-in version in Office's four-part form (raise it so Office reloads cached files) */
  version?: string;
}

/** Checks the public address and returns it without a trailing slash; errors name the option. */
export function oeffentlicheAdresse(url: string): { basis: string; origin: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--url „${url}“ ist keine vollständige Adresse (Beispiel: https://sozialmonitor.en-kreis.de).`);
  }
  if (u.protocol !== 'https:') throw new Error(`--url „${url}“ muss mit https:// beginnen: Office lädt Add-ins nur über https.`);
  if (u.username || u.password) throw new Error(`--url „${url}“ darf keinen Benutzernamen und kein Kennwort enthalten.`);
  if (u.search || u.hash) throw new Error(`--url „${url}“ darf weder „?…“ noch „#…“ enthalten.`);
  return { basis: `${u.origin}${u.pathname.replace(/\/+$/, '')}`, origin: u.origin };
}

/** The manifest text for the given public address (pure: text in, text out). */
export function manifestFuerAdresse(xml: string, optionen: ManifestOptionen): string {
  const { basis, origin } = oeffentlicheAdresse(optionen.url);
  if (!xml.includes(ENTWICKLUNGSADRESSE)) {
    throw new Error(`manifest.xml enthält die Entwicklungsadresse ${ENTWICKLUNGSADRESSE} nicht: Ist es schon angepasst?`);
  }
  let out = xml
    // No address in the comment: XML forbids "--" there, and host names like xn--… contain it.
    .replace(/<!--[\s\S]*?-->/, `<!--\n  Sozialmonitor: Excel task-pane add-in for the Kreis server (written by the command\n  "sozialmonitor manifest" from the repository's manifest.xml; the addresses below are the server's).\n-->`)
    // An AppDomain is an origin; a path prefix belongs only to the page and icon addresses.
    .replace(`<AppDomain>${ENTWICKLUNGSADRESSE}</AppDomain>`, `<AppDomain>${origin}</AppDomain>`)
    .split(ENTWICKLUNGSADRESSE)
    .join(basis);
  if (optionen.id !== undefined) {
    if (!GUID.test(optionen.id)) throw new Error(`--id „${optionen.id}“ ist keine GUID (Form 8-4-4-4-12 Hexadezimalziffern).`);
    out = out.replace(/<Id>[^<]*<\/Id>/, `<Id>${optionen.id.toLowerCase()}</Id>`);
  }
  if (optionen.version !== undefined) {
    if (!VERSION.test(optionen.version)) throw new Error(`--version „${optionen.version}“ hat nicht die Form 1.2.3.4.`);
    out = out.replace(/<Version>[^<]*<\/Version>/, `<Version>${optionen.version}</Version>`);
  }
  return out;
}

export const manifestDatei = (): string => join(projectRoot(), 'manifest.xml');

export function registerManifestCommand(program: Command): void {
  program
    .command('manifest')
    .description('Add-in-Manifest für die öffentliche https-Adresse des eigenen Servers schreiben')
    .requiredOption('--url <adresse>', 'öffentliche Adresse des Servers, z. B. https://sozialmonitor.en-kreis.de')
    .option('--id <guid>', 'eigene GUID des Add-ins (sonst die des mitgelieferten Manifests)')
    .option('--version <a.b.c.d>', 'Versionsnummer des Add-ins')
    .option('--out <datei>', 'Ausgabedatei (sonst Standardausgabe)')
    .action((o: ManifestOptionen & { out?: string }) => {
      const xml = manifestFuerAdresse(readFileSync(manifestDatei(), 'utf8'), o);
      if (o.out) {
        writeFileSync(o.out, xml);
        process.stderr.write(`Manifest für ${oeffentlicheAdresse(o.url).basis}/ geschrieben: ${o.out}\n`);
      } else process.stdout.write(xml);
    });
}
