/**
 * `sozialmonitor manifest --url …`: the production manifest derived from manifest.xml, run as the
 * real command (built by `npm test`) and checked with the same XSD and semantic checks as the
 * shipped manifest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTWICKLUNGSADRESSE, manifestFuerAdresse } from '../../cli/manifest-command';
import { ROOT, expectSchemaValid, noteSkippedSchema, requireTools, semanticProblems } from '../addin/manifest-checks';

const BIN = join(ROOT, 'bin', 'sozialmonitor.js');
const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-manifest-'));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, 'manifest', ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const shipped = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');

beforeAll(() => requireTools());
noteSkippedSchema();

test('writes a valid manifest whose every address is the public server', () => {
  const out = join(dir, 'prod.xml');
  const r = run('--url', 'https://sozialmonitor.en-kreis.de/', '--out', out, '--version', '1.2.0.0');
  expect(r.err).toContain('https://sozialmonitor.en-kreis.de/');
  expect(r.code).toBe(0);
  expectSchemaValid(out);
  expect(semanticProblems(out)).toEqual([]);
  const xml = readFileSync(out, 'utf8');
  expect(xml).not.toContain('localhost');
  expect(xml).toContain('<AppDomain>https://sozialmonitor.en-kreis.de</AppDomain>');
  expect(xml).toContain('<SourceLocation DefaultValue="https://sozialmonitor.en-kreis.de/addin/taskpane.html" />');
  expect(xml).toContain('<Version>1.2.0.0</Version>');
  // every URL that pointed at the development server now points at the public one, none else changed
  const count = (s: string, what: string) => s.replace(/<!--[\s\S]*?-->/g, '').split(what).length - 1;
  expect(count(xml, 'https://sozialmonitor.en-kreis.de')).toBe(count(shipped, ENTWICKLUNGSADRESSE));
});

test('a path prefix behind a reverse proxy goes into the pages, the AppDomain stays the origin', () => {
  const xml = manifestFuerAdresse(shipped, { url: 'https://www.en-kreis.de/sozialmonitor', id: '0F1D3C52-8F7E-4C1B-9A55-3E2B7D9C0A42' });
  expect(xml).toContain('<AppDomain>https://www.en-kreis.de</AppDomain>');
  expect(xml).toContain('DefaultValue="https://www.en-kreis.de/sozialmonitor/addin/icon-32.png"');
  expect(xml).toContain('<Id>0f1d3c52-8f7e-4c1b-9a55-3e2b7d9c0a42</Id>');
});

test('an internationalised host name (xn--…) still gives valid XML', () => {
  const out = join(dir, 'idn.xml');
  expect(run('--url', 'https://sozialmonitor.xn--ennepe-ruhr-kreis-9zb.de', '--out', out).code).toBe(0);
  expectSchemaValid(out);
  expect(semanticProblems(out)).toEqual([]);
});

test('writes to standard output without --out', () => {
  const r = run('--url', 'https://example.org');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^<\?xml/);
  expect(r.out).toContain('https://example.org/addin/taskpane.html');
});

describe('bad input names the option and writes nothing', () => {
  test.each([
    ['http://sozialmonitor.en-kreis.de', /--url .*muss mit https:\/\/ beginnen/],
    ['sozialmonitor.en-kreis.de', /--url .*keine vollständige Adresse/],
    ['https://a.de/?x=1', /--url .*weder „\?…“ noch „#…“/],
    ['https://admin:geheim@a.de', /--url .*kein Kennwort/],
  ])('%s', (url, message) => {
    const out = join(dir, 'nie.xml');
    const r = run('--url', url, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(() => readFileSync(out)).toThrow();
  });

  test('an id that is not a GUID, a version of the wrong form', () => {
    expect(run('--url', 'https://a.de', '--id', 'abc').err).toMatch(/--id „abc“ ist keine GUID/);
    expect(run('--url', 'https://a.de', '--version', '1.2').err).toMatch(/--version „1.2“ hat nicht die Form/);
  });

  test('a manifest that no longer holds the development address is refused', () => {
    expect(() => manifestFuerAdresse(shipped.split(ENTWICKLUNGSADRESSE).join('https://x.de'), { url: 'https://a.de' })).toThrow(/enthält die Entwicklungsadresse/);
  });
});
