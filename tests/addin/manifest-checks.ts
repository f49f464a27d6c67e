/**
 * Checks of manifest.xml: the XSD (with xmllint, against Microsoft's schemas in
 * ../shared/schemas/office-addin-manifest) and what a schema cannot say: every resid is defined,
 * every URL is https, icons and the task pane exist in addin/static, ids are unique, ExcelApi 1.8.
 *
 * The schemas lie beside the project, not in it: on a fresh clone without ../shared the XSD check
 * is skipped visibly (a skipped test naming why, and a warning) and every other check runs; in CI
 * (CI=true) a missing schema fails, so the check cannot silently stop running there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const SCHEMA_DIR = join(ROOT, '..', 'shared', 'schemas', 'office-addin-manifest');
export const SCHEMA = join(SCHEMA_DIR, 'OfficeAppManifestV1_1.xsd');

const inCi = (): boolean => !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const MISSING = `Die XSD-Schemas der Office-Manifeste fehlen: ${SCHEMA} (erwartet unter ../shared/schemas/office-addin-manifest relativ zum Projektordner).`;

/** The XSD check runs: the schema is there (in CI it must be; requireSchema then fails). */
export const schemaAvailable = (): boolean => existsSync(SCHEMA);
/** Outside CI without ../shared: the XSD check is skipped, everything else runs. */
export const skipSchema = (): boolean => !schemaAvailable() && !inCi();

export function requireTools(): void {
  if (spawnSync('xmllint', ['--version']).error) {
    throw new Error('xmllint fehlt: bitte „bash scripts/system-deps.sh“ ausführen (installiert libxml2-utils).');
  }
}

function requireSchema(): void {
  if (!schemaAvailable()) throw new Error(`${MISSING} In CI (CI=true) ist die XSD-Prüfung Pflicht.`);
}

/**
 * Registers the visible note of a skipped XSD check (call once per test file at top level): a
 * skipped test whose name says why, and a warning in the output.
 */
export function noteSkippedSchema(): void {
  if (!skipSchema()) return;
  console.warn(`XSD-Prüfung übersprungen: ../shared fehlt. ${MISSING} Alle anderen Prüfungen des Manifests laufen; in CI (CI=true) schlägt das fehl.`);
  test.skip(`XSD-Prüfung übersprungen: ../shared fehlt (${SCHEMA})`, () => undefined);
}

/** `test` for a check that is only the XSD: skipped (see noteSkippedSchema) when skipSchema(). */
export function schemaTest(name: string, fn: () => void): void {
  if (skipSchema()) return;
  test(name, () => {
    requireSchema();
    fn();
  });
}

/** The file is valid against the XSD; nothing when the check is skipped (outside CI without ../shared). */
export function expectSchemaValid(file: string): void {
  if (skipSchema()) return;
  requireSchema();
  expect(schemaErrors(file)).toBeNull();
}

/** xmllint's schema validation: null when valid, otherwise its messages. */
export function schemaErrors(file: string): string | null {
  const r = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8' });
  return r.status === 0 ? null : `${r.stderr}`.trim();
}

function xpathAttr(file: string, xpath: string): string[] {
  const r = spawnSync('xmllint', ['--xpath', xpath, file], { encoding: 'utf8' });
  if (r.status !== 0) return []; // xmllint exits 10 when nothing matches
  return [...r.stdout.matchAll(/[\w:]+="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

function xpathText(file: string, xpath: string): string[] {
  const r = spawnSync('xmllint', ['--xpath', xpath, file], { encoding: 'utf8' });
  if (r.status !== 0) return [];
  return r.stdout.split('\n').map((s) => s.trim()).filter(Boolean);
}

/** Problems the schema cannot find, in German; empty when there are none. */
export function semanticProblems(file: string, staticDir = join(ROOT, 'addin', 'static')): string[] {
  const problems: string[] = [];
  const resids = xpathAttr(file, '//*[@resid]/@resid');
  const defined = xpathAttr(file, "//*[local-name()='Resources']//*[@id]/@id");
  for (const r of new Set(resids)) if (!defined.includes(r)) problems.push(`resid „${r}“ wird verwendet, ist aber unter <Resources> nicht definiert`);
  const dup = defined.filter((d, i) => defined.indexOf(d) !== i);
  for (const d of new Set(dup)) problems.push(`Ressourcen-Id „${d}“ ist doppelt definiert`);
  const controlIds = xpathAttr(file, "//*[local-name()='Group' or local-name()='Control']/@id");
  for (const d of new Set(controlIds.filter((d, i) => controlIds.indexOf(d) !== i))) problems.push(`Id „${d}“ ist doppelt vergeben`);

  const urls = [
    ...xpathAttr(file, '//@DefaultValue').filter((v) => /^[a-z]+:\/\//i.test(v)),
    ...xpathText(file, "//*[local-name()='AppDomain']/text()"),
  ];
  for (const u of urls) if (!u.startsWith('https://')) problems.push(`Adresse „${u}“ ist nicht https (Office lädt Add-ins nur über https)`);

  const images = xpathAttr(file, "//*[local-name()='IconUrl' or local-name()='HighResolutionIconUrl' or (local-name()='Image' and @id)]/@DefaultValue");
  const pages = [...xpathAttr(file, "//*[local-name()='SourceLocation']/@DefaultValue"), ...xpathAttr(file, "//*[local-name()='Url']/@DefaultValue")];
  for (const u of [...images, ...pages]) {
    const m = /\/addin\/([^/?#]+)(?:[?#].*)?$/.exec(u);
    if (!m) problems.push(`Adresse „${u}“ zeigt nicht auf /addin/ des Servers`);
    else if (!existsSync(join(staticDir, m[1]!))) problems.push(`„${m[1]}“ (aus ${u}) fehlt in addin/static`);
  }
  for (const size of ['16', '32', '80']) {
    if (!xpathAttr(file, `//*[local-name()='Control']//*[local-name()='Image' and @size='${size}']/@resid`).length) problems.push(`Das Symbol des Knopfs in ${size} px fehlt`);
  }
  const excel = xpathAttr(file, "//*[local-name()='Set' and @Name='ExcelApi']/@MinVersion");
  if (excel[0] !== '1.8') problems.push(`Mindestanforderung ExcelApi ist „${excel[0] ?? 'keine'}“, erwartet 1.8`);
  const hosts = xpathAttr(file, "//*[local-name()='Hosts']/*[local-name()='Host']/@Name");
  if (!hosts.includes('Workbook')) problems.push('Host „Workbook“ (Excel) fehlt');
  const id = xpathText(file, "//*[local-name()='OfficeApp']/*[local-name()='Id']/text()")[0] ?? '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) problems.push(`Id „${id}“ ist keine GUID`);
  return problems;
}

