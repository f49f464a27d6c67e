import { AdresseError, addressKey, normalizeAdresse } from '../../shared';

const a = (hausnummer: string, hausnummerzusatz = '', strassenschluessel = '00123', gemeindeschluessel = '05954036') => ({ gemeindeschluessel, strassenschluessel, hausnummer, hausnummerzusatz });

describe('addressKey: one normalisation for register and house coordinates', () => {
  it('treats 12a, 12 A, 12 + "a" and 012 + " A" as the same address', () => {
    const keys = [a('12a'), a('12 A'), a('12', 'a'), a('012', ' A'), a('12', 'A', '123')].map(addressKey);
    expect(new Set(keys)).toEqual(new Set(['05954036|123|12|A']));
  });
  it('keeps different suffixes and numbers apart', () => {
    expect(addressKey(a('12'))).not.toBe(addressKey(a('12a')));
    expect(addressKey(a('12b'))).not.toBe(addressKey(a('12a')));
    expect(addressKey(a('1'))).not.toBe(addressKey(a('11')));
  });
  it('names the field of an impossible address', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof AdresseError ? e.field : 'other';
      }
      return 'none';
    };
    expect(field(() => normalizeAdresse(a('12', '', '00123', '5954036')))).toBe('gemeindeschluessel');
    expect(field(() => normalizeAdresse(a('12', '', 'Hauptstr.')))).toBe('strassenschluessel');
    expect(field(() => normalizeAdresse(a('zwölf')))).toBe('hausnummer');
    expect(field(() => normalizeAdresse(a('12a', 'b')))).toBe('hausnummerzusatz');
  });
});
