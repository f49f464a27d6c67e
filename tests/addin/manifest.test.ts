import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, expectSchemaValid, noteSkippedSchema, requireTools, schemaErrors, schemaTest, semanticProblems } from './manifest-checks';

const MANIFEST = join(ROOT, 'manifest.xml');
const tmp = mkdtempSync(join(tmpdir(), 'manifest-'));
const variant = (name: string, edit: (xml: string) => string): string => {
  const file = join(tmp, name);
  writeFileSync(file, edit(readFileSync(MANIFEST, 'utf8')));
  return file;
};

beforeAll(() => requireTools());
noteSkippedSchema();

schemaTest('manifest.xml is valid against Microsoft\'s XSD', () => {
  expect(schemaErrors(MANIFEST)).toBeNull();
});

test('manifest.xml passes the checks the schema cannot make', () => {
  expect(semanticProblems(MANIFEST)).toEqual([]);
});

describe('the checks find broken manifests', () => {
  schemaTest('schema: an unknown element and a missing Id', () => {
    const file = variant('schema.xml', (x) => x.replace(/<Id>[^<]*<\/Id>/, '').replace('<Permissions>', '<Rechte/><Permissions>'));
    expect(schemaErrors(file)).toMatch(/Rechte|Id/);
  });

  test('undefined resid, http address, missing icon, wrong requirement', () => {
    const file = variant('semantic.xml', (x) =>
      x
        .replace('<Label resid="Button.Label" />', '<Label resid="Button.Beschriftung" />')
        .replace('<AppDomain>https://localhost:3000</AppDomain>', '<AppDomain>http://localhost:3000</AppDomain>')
        .replace('addin/icon-80.png', 'addin/icon-81.png')
        .replace('<Set Name="ExcelApi" MinVersion="1.8" />', '<Set Name="ExcelApi" MinVersion="1.1" />'),
    );
    expectSchemaValid(file);
    const problems = semanticProblems(file);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('„Button.Beschriftung“'),
        expect.stringContaining('„http://localhost:3000“ ist nicht https'),
        expect.stringContaining('„icon-81.png“'),
        expect.stringContaining('ExcelApi ist „1.1“'),
      ]),
    );
  });
});
